// The commands of every module's records (issue 18): one permission check, one input check,
// the caller's town for every choice a form makes, and a refusal's code that says what kind of
// no it is — whoever calls (a form, later the API or an import row).
import { describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { execute, type Caller } from '#models/kernel/command';
import { raiseProblemCommand, targetCommands } from '#models/oversight';
import { VillageModel, villageCommands } from '#models/town';
import { makeTownWithRoles, makeVillage } from '#tests/factories';
import { actorFor } from '#tests/factories/deliveries';

type World = Awaited<ReturnType<typeof makeTownWithRoles>>;

const callerOf = (user: World['users']['official']): Caller => ({
  role: user.role as Caller['role'],
  townId: user.townId,
  orgId: user.orgId,
  actor: actorFor(user as never),
  person: { name: user.username, org: '' },
});

describe('record commands', () => {
  it('a village: created once by name, out of other roles’ reach, a forged id not found', async () => {
    const w = await makeTownWithRoles();
    const official = callerOf(w.users.official);
    const made = await execute(villageCommands.create, official, { name: '新建村', households: 120 });
    expect(made.ok).toBe(true);
    const id = made.ok ? String(made.value._id) : '';
    expect(await VillageModel.countDocuments({ townId: w.town._id, name: '新建村' })).toBe(1);

    // the same name again: the unique index's collision is the field's message, not a 500
    expect(await execute(villageCommands.create, official, { name: '新建村', households: 5 })).toEqual({
      ok: false,
      code: 'invalid',
      errors: { name: ['v.duplicate'] },
    });
    // a cooperative may not, whatever it sends
    const coop = await execute(villageCommands.create, callerOf(w.users.cooperative), { name: '另一村' });
    expect(coop.ok === false && coop.code).toBe('forbidden');
    // bad input says which field
    const bad = await execute(villageCommands.create, official, { name: '', households: -1 });
    expect(bad.ok === false && bad.code).toBe('invalid');
    expect(bad.ok === false && Object.keys(bad.errors).sort()).toEqual(['households', 'name']);
    // a forged id, and another town's village, are not found (never told which)
    const other = await makeTownWithRoles();
    for (const forged of [String(new Types.ObjectId()), String(other.village._id)]) {
      const res = await execute(villageCommands.update, official, {
        id: forged,
        name: '改名',
        households: 1,
      });
      expect(res.ok === false && res.code).toBe('notFound');
    }
    expect((await VillageModel.findById(other.village._id).lean())!.name).toBe(other.village.name);

    // archived once; archiving it again finds no active village; restored
    expect((await execute(villageCommands.archive!, official, { id })).ok).toBe(true);
    const again = await execute(villageCommands.archive!, official, { id });
    expect(again.ok === false && again.code).toBe('notFound');
    expect((await execute(villageCommands.restore!, official, { id })).ok).toBe(true);
    expect((await VillageModel.findById(id).lean())!.archivedAt).toBeNull();
  });

  it("a target or a problem names only the caller's town's villages", async () => {
    const w = await makeTownWithRoles();
    const other = await makeTownWithRoles();
    const official = callerOf(w.users.official);
    const target = (scopeId: string) => ({
      title: '户均增收',
      metric: 'avgIncome',
      scopeKind: 'village',
      scopeId,
      value: 3000,
      baseline: 0,
      baselineOn: '2026-01-01',
      startOn: '2026-01-01',
      deadline: '2026-12-31',
      notes: '',
    });
    const refused = await execute(targetCommands.create, official, target(String(other.village._id)));
    expect(refused).toEqual({ ok: false, code: 'invalid', errors: { scopeId: ['v.invalidChoice'] } });
    const mine = await makeVillage(w.town._id);
    const saved = await execute(targetCommands.create, official, target(String(mine._id)));
    expect(saved.ok).toBe(true);

    const problem = (villageId: string) => ({
      title: '道路损坏',
      villageId,
      source: 'meeting',
      raisedOn: '2026-05-01',
      category: 'road',
      description: '',
    });
    const foreign = await execute(raiseProblemCommand, official, problem(String(other.village._id)));
    expect(foreign).toEqual({ ok: false, code: 'invalid', errors: { villageId: ['v.invalidChoice'] } });
    const raised = await execute(raiseProblemCommand, official, problem(String(mine._id)));
    expect(raised.ok && raised.value.raisedBy).toBe(`${w.users.official.username} · `);
    expect(raised.ok && raised.value.number).toBe(1);
  });
});
