// `npm run db:check`: every invariant, found when broken (even by a hand in the database),
// and repaired where a repair is possible, each repair in the audit trail.
import { execFileSync } from 'node:child_process';
import { dbCheck } from '../../scripts/lib/db-check';
import mongoose from 'mongoose';
import { describe, expect, inject, it } from 'vitest';
import { AuditEventModel, SYSTEM_ACTOR } from '#models/kernel/audit';
import { getBase, HerdCountModel, recordHerdEvent } from '#models/field/herd';
import { checkDatabase } from '#models/kernel/checks';
import { LotCounterModel, LotModel } from '#models/lots/lot';
import { createPlanting, HarvestModel, PlantingModel, recordHarvest } from '#models/field/planting';
import { VillageModel } from '#models/town/village';
import { makeKudzu, makeProduct, makeTownWithRoles } from '#tests/factories';

async function world() {
  const w = await makeTownWithRoles();
  const kudzu = await makeKudzu(w.town._id);
  await makeProduct(w.town._id, { code: 'SZ', name: '生猪', category: 'livestock', unit: 'head' });
  const planting = await createPlanting(
    { townId: w.town._id, orgId: w.orgs.cooperative._id },
    {
      villageId: String(w.village._id),
      productId: String(kudzu._id),
      areaMu: 10,
      households: 5,
      plantedOn: '2026-03-01',
      plotName: '',
      notes: '',
    },
    SYSTEM_ACTOR,
  );
  const scope = { access: 'own' as const, townId: w.town._id, orgId: w.orgs.cooperative._id };
  for (const quantity of [1000, 2000]) {
    await recordHarvest(
      scope,
      planting._id,
      { harvestedOn: '2026-10-01', quantity, unit: 'kg', grade: 'grade1', notes: '' },
      SYSTEM_ACTOR,
    );
  }
  const base = (await getBase(w.orgs.base._id))!;
  await recordHerdEvent(
    base,
    {
      kind: 'birth',
      species: 'pig',
      date: '2026-05-01',
      head: 12,
      earTags: '',
      notes: '',
      cause: '',
      buyer: '',
    },
    SYSTEM_ACTOR,
  );
  return { ...w, planting };
}

const checks = async (repair = false) =>
  (await checkDatabase({ exclusive: true, repair })).problems.map((p) => p.check).sort();

describe('db:check', () => {
  it('finds nothing on data written through the app', async () => {
    await world();
    expect(await checks()).toEqual([]);
  });

  it('finds totals, counters, trail and lots out of step, and repairs what can be repaired', async () => {
    const w = await world();
    const harvest = (await HarvestModel.findOne().lean())!;
    // a hand in the database
    await PlantingModel.collection.updateOne({ _id: w.planting._id }, { $inc: { harvestedKg: 4 } });
    await HerdCountModel.collection.updateOne({}, { $set: { head: 99 } });
    await LotCounterModel.collection.updateMany({}, { $set: { seq: 0 } });
    await AuditEventModel.collection.deleteOne({ recordId: w.village._id });
    await HarvestModel.collection.updateOne({ _id: harvest._id }, { $set: { flag: 'yieldHigh' } });
    const orphan = await LotModel.collection.findOne({ _id: harvest.lotId });
    await LotModel.collection.insertOne({
      ...orphan!,
      _id: new mongoose.Types.ObjectId(),
      code: 'ZZZ-ORPHAN-001',
      origin: { ...orphan!.origin, harvestId: new mongoose.Types.ObjectId() },
    });

    // (the planted lot also lacks its creation event and a counter for its code)
    expect(await checks()).toEqual([
      'audit-missing',
      'audit-missing',
      'code-counter',
      'code-counter',
      'code-counter',
      'harvest-flag',
      'herd-count',
      'lot-origin',
      'planting-total',
    ]);

    const report = await checkDatabase({ exclusive: true, repair: true });
    // a lot whose harvest does not exist needs a person; everything else is put right
    expect(report.problems.map((p) => p.check)).toEqual(['lot-origin']);
    expect((await PlantingModel.findById(w.planting._id).lean())!.harvestedKg).toBe(3000);
    expect((await HerdCountModel.findOne().lean())!.head).toBe(12);
    expect((await LotCounterModel.find().lean()).every((c) => c.seq >= 1)).toBe(true);
    expect(await HarvestModel.findById(harvest._id).lean()).toMatchObject({ flag: harvest.flag });
    const repairs = await AuditEventModel.find({ action: 'repair' }).lean();
    expect(repairs.map((e) => e.entity).sort()).toEqual(['HerdCount', 'Lot', 'Planting', 'Village']);
    expect(repairs.every((e) => e.actor.username === 'db:check')).toBe(true);
    expect(repairs.find((e) => e.entity === 'Planting')).toMatchObject({
      before: { harvestedKg: 3004 },
      after: { harvestedKg: 3000 },
    });
  });

  it('notices a missing unique index and builds it again', async () => {
    await world();
    await VillageModel.collection.dropIndex('townId_1_name_1');
    expect(await checks()).toEqual(['index-unique']);
    expect(await checks(true)).toEqual([]);
  });

  it('runs as `npm run db:check`, exiting 1 while problems remain', async () => {
    const w = await world();
    const uri = process.env.MONGODB_URI!;
    // what the script does, in this process (a new TypeScript process costs seconds a run)
    const inProcess = async (...flags: string[]) => {
      const out: string[] = [];
      const code = await dbCheck(flags, { exclusive: true, write: (line) => out.push(line) });
      return { code, out: out.join('\n') };
    };
    // and the script itself, once: its exit code is what an operator's shell sees
    const script = () => {
      try {
        execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/db-check.ts'], {
          env: { ...process.env, MONGODB_URI: uri, XL_DB_EXCLUSIVE: '1' },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        return { code: 0, out: '' };
      } catch (error) {
        const e = error as { status: number; stderr: string };
        return { code: e.status, out: e.stderr };
      }
    };
    expect((await inProcess()).code).toBe(0);
    await PlantingModel.collection.updateOne({ _id: w.planting._id }, { $inc: { harvestedKg: 7 } });
    const found = script();
    expect(found.code).toBe(1);
    expect(found.out).toContain('planting-total: 1 problem(s)');
    expect((await inProcess()).out).toContain('planting-total: 1 problem(s)');
    const repaired = await inProcess('--repair');
    expect(repaired).toMatchObject({ code: 0 });
    expect(repaired.out).toContain('repaired planting-total');
    expect((await inProcess()).code).toBe(0);
    expect(inject('mongoUri')).toBeTruthy();
  }, 60_000); // one run of the script, which starts TypeScript, on a busy 2-core machine
});
