import { describe, expect, it } from 'vitest';
import { AuditEventModel } from '#models/kernel/audit';
import { OrganizationModel } from '#models/town/organization';
import { SessionModel } from '#models/town/session';
import { TownModel } from '#models/town/town';
import { UserModel } from '#models/town/user';
import * as audit from '~/routes/audit';
import * as orgEdit from '~/routes/organizations.$id';
import * as orgNew from '~/routes/organizations.new';
import * as orgList from '~/routes/organizations._index';
import * as townNew from '~/routes/admin.towns.new';
import * as userEdit from '~/routes/admin.users.$id';
import * as userNew from '~/routes/admin.users.new';
import * as userList from '~/routes/admin.users._index';
import { makeAdmin, makeTownWithRoles, makeVillage } from '#tests/factories';
import { args, expectThrownStatus, payloadOf, requestAs, statusOf } from '#tests/utils';

type Reply = { result: { error?: Record<string, string[]> } };
const errorsOf = (value: unknown) => payloadOf<Reply>(value).result.error ?? {};

describe('organizations', () => {
  it('links each row only when its page opens for the reader (issue 25)', async () => {
    const { users } = await makeTownWithRoles();
    const { admin } = await makeAdmin();
    for (const reader of [users.official, admin]) {
      const list = await orgList.loader(args(await requestAs(reader, '/organizations')));
      expect(list.organizations.length).toBeGreaterThan(1);
      for (const o of list.organizations) {
        const page = orgEdit.loader(args(await requestAs(reader, `/organizations/${o.id}`), { id: o.id }));
        if (o.editable) expect(statusOf(await page), `${o.type} ${o.name}`).toBe(200);
        else await expectThrownStatus(page, 404);
      }
      const government = list.organizations.find((o) => o.type === 'government')!;
      expect(government.editable).toBe(reader === admin);
    }
  });

  it('an official adds a cooperative serving villages of their own town', async () => {
    const { town, village, users } = await makeTownWithRoles();
    const second = await makeVillage(town._id);
    const form = {
      type: 'cooperative',
      name: '新合作社',
      villageIds: [String(village._id), String(second._id)],
      memberHouseholds: '40',
    };
    const result = await orgNew.action(args(await requestAs(users.official, '/organizations/new', { form })));
    expect(statusOf(result)).toBe(302);
    const org = await OrganizationModel.findOne({ name: '新合作社' }).lean();
    expect(org).toMatchObject({ townId: town._id, type: 'cooperative', memberHouseholds: 40, level: null });
    expect(org!.villageIds.map(String).sort()).toEqual([String(village._id), String(second._id)].sort());
  });

  it('an admin picks the town for a new organization; platform organizations have none', async () => {
    const { town, village } = await makeTownWithRoles();
    const { admin } = await makeAdmin();
    const page = await orgNew.loader(args(await requestAs(admin, `/organizations/new?town=${town._id}`)));
    expect(page.villages.map((v) => v.value)).toContain(String(village._id));
    expect(page.types).not.toContain('platform');
    const form = {
      type: 'base',
      name: '新基地',
      villageId: String(village._id),
      species: ['pig', 'goat'],
      site: '后山',
    };
    const made = await orgNew.action(
      args(await requestAs(admin, `/organizations/new?town=${town._id}`, { form })),
    );
    expect(statusOf(made)).toBe(302);
    expect(await OrganizationModel.findOne({ name: '新基地' }).lean()).toMatchObject({
      townId: town._id,
      species: ['pig', 'goat'],
      site: '后山',
    });
    const platform = await orgNew.action(
      args(await requestAs(admin, '/organizations/new', { form: { type: 'platform', name: '第二平台' } })),
    );
    expect(statusOf(platform)).toBe(302);
    expect((await OrganizationModel.findOne({ name: '第二平台' }).lean())?.townId).toBeNull();
    await expectThrownStatus(
      orgNew.loader(args(await requestAs(admin, '/organizations/new?town=6b03c1c388aa44f128611495'))),
      404,
    );
  });

  it('requires the fields of the type and villages of the same town', async () => {
    const { users } = await makeTownWithRoles();
    const other = await makeTownWithRoles();
    const before = await OrganizationModel.countDocuments();
    const missing = await orgNew.action(
      args(
        await requestAs(users.official, '/organizations/new', {
          form: { type: 'cooperative', name: '缺字段社' },
        }),
      ),
    );
    expect(errorsOf(missing)).toMatchObject({ villageIds: ['v.required'], memberHouseholds: ['v.required'] });
    const enterprise = await orgNew.action(
      args(
        await requestAs(users.official, '/organizations/new', {
          form: { type: 'enterprise', name: '无级别公司' },
        }),
      ),
    );
    expect(errorsOf(enterprise).level).toEqual(['v.required']);
    const foreign = await orgNew.action(
      args(
        await requestAs(users.official, '/organizations/new', {
          form: {
            type: 'cooperative',
            name: '越界社',
            villageIds: String(other.village._id),
            memberHouseholds: '3',
          },
        }),
      ),
    );
    expect(errorsOf(foreign).villageIds).toEqual(['v.villageNotFound']);
    const platform = await orgNew.action(
      args(
        await requestAs(users.official, '/organizations/new', {
          form: { type: 'government', name: '另一个政府' },
        }),
      ),
    );
    expect(errorsOf(platform).type).toEqual(['v.invalidChoice']);
    expect(await OrganizationModel.countDocuments()).toBe(before);
  });

  it('scopes officials to their town: the list, and 404 for another town’s organization', async () => {
    const { orgs, users } = await makeTownWithRoles();
    const other = await makeTownWithRoles();
    const list = await orgList.loader(args(await requestAs(users.official, '/organizations')));
    expect(list.organizations.map((o) => o.id)).toContain(String(orgs.cooperative._id));
    expect(list.organizations.map((o) => o.id)).not.toContain(String(other.orgs.cooperative._id));
    const id = String(other.orgs.plant._id);
    await expectThrownStatus(
      orgEdit.action(
        args(await requestAs(users.official, `/organizations/${id}`, { form: { intent: 'archive' } }), {
          id,
        }),
      ),
      404,
    );
    expect((await OrganizationModel.findById(id).lean())?.archivedAt).toBeNull();
    await expectThrownStatus(
      orgNew.action(
        args(await requestAs(users.enterprise, '/organizations/new', { form: { type: 'plant', name: 'x' } })),
      ),
      403,
    );
  });

  it('a duplicate name in the town is a field error; an organization keeps its type', async () => {
    const { orgs, users } = await makeTownWithRoles();
    const dup = await orgNew.action(
      args(
        await requestAs(users.official, '/organizations/new', {
          form: { type: 'carrier', name: orgs.plant.name },
        }),
      ),
    );
    expect(errorsOf(dup).name).toEqual(['v.duplicate']);
    const id = String(orgs.plant._id);
    const retype = await orgEdit.action(
      args(
        await requestAs(users.official, `/organizations/${id}`, {
          form: { type: 'carrier', name: orgs.plant.name },
        }),
        { id },
      ),
    );
    expect(errorsOf(retype).type).toEqual(['v.invalidChoice']);
    expect((await OrganizationModel.findById(id).lean())?.type).toBe('plant');
  });
});

describe('users', () => {
  it('an admin creates a user whose role fits the organization, hashed and audited', async () => {
    const { orgs, town } = await makeTownWithRoles();
    const { admin } = await makeAdmin();
    const form = {
      username: 'New-Clerk',
      displayName: '新职员',
      role: 'plant',
      orgId: String(orgs.plant._id),
      password: 'long-enough-1',
    };
    const result = await userNew.action(args(await requestAs(admin, '/admin/users/new', { form })));
    expect(statusOf(result)).toBe(302);
    const user = await UserModel.findOne({ username: 'new-clerk' }).lean();
    expect(user).toMatchObject({ role: 'plant', orgId: orgs.plant._id, townId: town._id });
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    const event = await AuditEventModel.findOne({ recordId: user!._id }).lean();
    expect(event?.after?.passwordHash).toBe('••••');
  });

  it('rejects a role that does not fit the organization, a taken username and a short password', async () => {
    const { orgs, users } = await makeTownWithRoles();
    const { admin } = await makeAdmin();
    const before = await UserModel.countDocuments();
    const mismatch = await userNew.action(
      args(
        await requestAs(admin, '/admin/users/new', {
          form: {
            username: 'clerk-a',
            displayName: 'A',
            role: 'enterprise',
            orgId: String(orgs.plant._id),
            password: 'long-enough-1',
          },
        }),
      ),
    );
    expect(errorsOf(mismatch).role).toEqual(['v.roleOrgMismatch']);
    const taken = await userNew.action(
      args(
        await requestAs(admin, '/admin/users/new', {
          form: {
            username: users.plant.username,
            displayName: 'B',
            role: 'plant',
            orgId: String(orgs.plant._id),
            password: 'long-enough-1',
          },
        }),
      ),
    );
    expect(errorsOf(taken).username).toEqual(['v.duplicateUsername']);
    const short = await userNew.action(
      args(
        await requestAs(admin, '/admin/users/new', {
          form: {
            username: 'clerk-c',
            displayName: 'C',
            role: 'plant',
            orgId: String(orgs.plant._id),
            password: 'short',
          },
        }),
      ),
    );
    expect(errorsOf(short).password).toEqual(['v.passwordTooShort']);
    expect(await UserModel.countDocuments()).toBe(before);
  });

  it('archiving a user or resetting the password ends their sessions; an admin cannot archive himself', async () => {
    const { orgs, users } = await makeTownWithRoles();
    const { admin } = await makeAdmin();
    await requestAs(users.carrier, '/'); // a live session
    const id = String(users.carrier._id);
    const form = {
      username: users.carrier.username,
      displayName: 'X',
      role: 'carrier',
      orgId: String(orgs.carrier._id),
      password: 'reset-pass-1',
    };
    await userEdit.action(args(await requestAs(admin, `/admin/users/${id}`, { form }), { id }));
    expect(await SessionModel.countDocuments({ userId: users.carrier._id })).toBe(0);
    await requestAs(users.carrier, '/');
    await userEdit.action(
      args(await requestAs(admin, `/admin/users/${id}`, { form: { intent: 'archive' } }), { id }),
    );
    expect((await UserModel.findById(id).lean())?.archivedAt).toBeInstanceOf(Date);
    expect(await SessionModel.countDocuments({ userId: users.carrier._id })).toBe(0);

    const self = String(admin._id);
    await userEdit.action(
      args(await requestAs(admin, `/admin/users/${self}`, { form: { intent: 'archive' } }), { id: self }),
    );
    expect((await UserModel.findById(self).lean())?.archivedAt).toBeNull();
  });

  it('only an admin reaches user administration', async () => {
    const { users } = await makeTownWithRoles();
    await expectThrownStatus(userList.loader(args(await requestAs(users.official, '/admin/users'))), 403);
    await expectThrownStatus(
      userNew.action(
        args(await requestAs(users.official, '/admin/users/new', { form: { username: 'sneaky' } })),
      ),
      403,
    );
    await expectThrownStatus(
      townNew.action(
        args(await requestAs(users.official, '/admin/towns/new', { form: { name: 'x', code: 'XX' } })),
      ),
      403,
    );
    expect(await UserModel.countDocuments({ username: 'sneaky' })).toBe(0);
    expect(await TownModel.countDocuments({ code: 'XX' })).toBe(0);
  });
});

describe('towns', () => {
  it('an admin adds a town; codes and county codes are checked', async () => {
    const { admin } = await makeAdmin();
    const bad = await townNew.action(
      args(
        await requestAs(admin, '/admin/towns/new', {
          form: { name: '某镇', code: 'l1', countyCode: '4308' },
        }),
      ),
    );
    expect(errorsOf(bad)).toMatchObject({ code: ['v.townCode'], countyCode: ['v.countyCode'] });
    const ok = await townNew.action(
      args(
        await requestAs(admin, '/admin/towns/new', {
          form: { name: '某镇', code: 'mz', county: '桑植县', countyCode: '430822' },
        }),
      ),
    );
    expect(statusOf(ok)).toBe(302);
    expect(await TownModel.findOne({ code: 'MZ' }).lean()).toMatchObject({
      name: '某镇',
      countyCode: '430822',
    });
    const dup = await townNew.action(
      args(await requestAs(admin, '/admin/towns/new', { form: { name: '另一镇', code: 'MZ' } })),
    );
    expect(errorsOf(dup).code).toEqual(['v.duplicateCode']);
  });
});

describe('audit trail', () => {
  it('officials browse their own town’s events and filter them; admins see every town', async () => {
    const { users, town } = await makeTownWithRoles();
    const other = await makeTownWithRoles();
    const { admin } = await makeAdmin();
    const mine = await audit.loader(args(await requestAs(users.official, '/audit')));
    expect(mine.total).toBeGreaterThan(0);
    const townOf = async (ids: string[]) =>
      (await AuditEventModel.find({ _id: { $in: ids } }).lean()).map((e) => String(e.townId));
    expect(new Set(await townOf(mine.events.map((e) => e.id)))).toEqual(new Set([String(town._id)]));
    const villages = await audit.loader(
      args(await requestAs(users.official, '/audit?entity=Village&action=create')),
    );
    expect(villages.events.map((e) => e.entity)).toEqual(['Village']);
    const bogus = await audit.loader(
      args(await requestAs(users.official, '/audit?entity=%24where&page=-4&recordId=zzz')),
    );
    expect(bogus.total).toBe(mine.total);
    const all = await audit.loader(args(await requestAs(admin, '/audit')));
    const everyTown = await audit.loader(args(await requestAs(admin, '/audit?entity=Village')));
    expect(await townOf(everyTown.events.map((e) => e.id))).toContain(String(other.town._id));
    expect(all.total).toBeGreaterThan(mine.total);
    await expectThrownStatus(audit.loader(args(await requestAs(users.cooperative, '/audit'))), 403);
  });

  it('cannot be changed or deleted through the model', async () => {
    await makeTownWithRoles();
    const before = await AuditEventModel.countDocuments();
    await expect(AuditEventModel.updateMany({}, { $set: { label: 'x' } })).rejects.toThrow(/append-only/);
    await expect(AuditEventModel.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(AuditEventModel.findOneAndDelete({})).rejects.toThrow(/append-only/);
    expect(await AuditEventModel.countDocuments()).toBe(before);
  });
});
