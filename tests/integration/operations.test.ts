// The durable-operation pattern (docs/decisions/0006): an operation cut off after any of its
// writes, as by a power cut, is finished or undone by recovery, and the data then passes
// every check of `db:check`. One-time keys make a repeated post write once.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditEventModel } from '#models/kernel/audit';
import {
  getBase,
  HerdCountModel,
  HerdEventModel,
  recordHerdEvent,
  reverseHerdEvent,
  EarTagModel,
} from '#models/field/herd';
import { LotModel } from '#models/lots/lot';
import { crashAfter, onceKey, OperationModel } from '#models/kernel/operation';
import { correctHarvest, HarvestModel, PlantingModel, recordHarvest } from '#models/field/planting';
import { makeKudzu, makeProduct, makeTownWithRoles } from '#tests/factories';
import { crashAt, expectConsistent } from '#tests/utils';
import { actorOf } from '~/utils/auth.server';
import type { SessionUser } from '~/utils/auth.server';
import { createPlanting } from '#models/field/planting';
import { SYSTEM_ACTOR, type Actor } from '#models/kernel/audit';
import { createVillage, updateVillage } from '#models/town/village';
import mongoose, { Types } from 'mongoose';

afterEach(() => {
  crashAfter.writes = null;
});

async function world() {
  const w = await makeTownWithRoles();
  const kudzu = await makeKudzu(w.town._id);
  await makeProduct(w.town._id, { code: 'SZ', name: '生猪', category: 'livestock', unit: 'head' });
  const coop = {
    id: w.users.cooperative._id,
    username: w.users.cooperative.username,
    role: 'cooperative',
    orgId: w.orgs.cooperative._id,
    townId: w.town._id,
  } as unknown as SessionUser;
  const actor = actorOf(coop);
  const planting = await createPlanting(
    { townId: w.town._id, orgId: w.orgs.cooperative._id },
    {
      villageId: String(w.village._id),
      productId: String(kudzu._id),
      areaMu: 100,
      households: 5,
      plantedOn: '2026-03-01',
      plotName: '',
      notes: '',
    },
    actor,
  );
  const scope = { access: 'own' as const, townId: w.town._id, orgId: w.orgs.cooperative._id };
  return { ...w, kudzu, planting, actor, scope };
}

describe('operations after a crash at any write', () => {
  it('a harvest is complete or undone, whichever write it died after', async () => {
    const w = await world();
    let expectedKg = 0;
    let crashes = 0;
    for (let n = 1; ; n += 1) {
      const before = await HarvestModel.countDocuments();
      const crashed = await crashAt(n, () =>
        recordHarvest(
          w.scope,
          w.planting._id,
          { harvestedOn: '2026-10-01', quantity: 100, unit: 'kg', grade: 'grade1', notes: `#${n}` },
          w.actor,
        ),
      );
      const after = await HarvestModel.countDocuments();
      expect(after - before).toBeLessThanOrEqual(1);
      if (after > before) {
        expectedKg += 100;
        const h = (await HarvestModel.findOne({ notes: `#${n}` }).lean())!;
        expect(await LotModel.countDocuments({ _id: h.lotId })).toBe(1);
        expect(await AuditEventModel.countDocuments({ recordId: { $in: [h._id, h.lotId] } })).toBe(2);
      }
      expect((await PlantingModel.findById(w.planting._id).lean())!.harvestedKg).toBe(expectedKg);
      await expectConsistent();
      if (!crashed) break; // the write finished before the n-th crash point: every point was tried
      crashes += 1;
    }
    expect(crashes).toBeGreaterThanOrEqual(6);
    // once the commit point is passed, a crash no longer loses the harvest
    expect(expectedKg).toBeGreaterThanOrEqual(400);
  });

  it('a correction is complete or undone, whichever write it died after', async () => {
    const w = await world();
    const first = await recordHarvest(
      w.scope,
      w.planting._id,
      { harvestedOn: '2026-10-01', quantity: 100, unit: 'kg', grade: 'grade1', notes: '' },
      w.actor,
    );
    if (!first?.ok) throw new Error('harvest not recorded');
    for (let n = 1, crashed = true; crashed; n += 1) {
      const quantity = 100 + n;
      crashed = await crashAt(n, () =>
        correctHarvest(
          w.scope,
          first.harvest,
          { harvestedOn: '2026-10-02', quantity, unit: 'kg', grade: 'grade2', notes: '' },
          w.actor,
        ),
      );
      const h = (await HarvestModel.findById(first.harvest).lean())!;
      const lot = (await LotModel.findById(h.lotId).lean())!;
      const planting = (await PlantingModel.findById(w.planting._id).lean())!;
      // all three moved together, or none did
      expect(lot.quantity).toBe(h.quantityKg);
      expect(planting.harvestedKg).toBe(h.quantityKg);
      await expectConsistent();
    }
  });

  it('a herd event with ear tags and a sale lot is complete or undone', async () => {
    const w = await world();
    const base = (await getBase(w.orgs.base._id))!;
    const baseActor: Actor = { ...SYSTEM_ACTOR, userId: w.users.base._id, username: 'base', role: 'base' };
    const tag = (i: number) => `1${base.countyCode}${String(i).padStart(8, '0')}`;
    const tags = Array.from({ length: 30 }, (_, i) => tag(i + 1));
    await recordHerdEvent(
      base,
      {
        kind: 'birth',
        species: 'pig',
        date: '2026-05-01',
        head: 30,
        earTags: tags.join(' '),
        notes: '',
        cause: '',
        buyer: '',
      },
      baseActor,
    );
    let crashes = 0;
    for (let n = 1, crashed = true; crashed; n += 1) {
      crashed = await crashAt(n, () =>
        recordHerdEvent(
          base,
          {
            kind: 'sale',
            species: 'pig',
            date: '2026-05-02',
            head: 1,
            earTags: tags[n],
            buyer: '九天',
            notes: `#${n}`,
            cause: '',
          },
          baseActor,
        ),
      );
      if (crashed) crashes += 1;
      const sale = await HerdEventModel.findOne({ kind: 'sale', notes: `#${n}` }).lean();
      const tagNow = (await EarTagModel.findById(tags[n]).lean())!;
      if (sale) {
        expect(await LotModel.countDocuments({ _id: sale.lotId })).toBe(1);
        expect(tagNow).toMatchObject({ status: 'sold', removedBy: sale._id });
      } else {
        expect(tagNow).toMatchObject({ status: 'alive', removedBy: null });
      }
      const sold = await HerdEventModel.countDocuments({ kind: 'sale' });
      expect((await HerdCountModel.findOne().lean())!.head).toBe(30 - sold);
      await expectConsistent();
    }
    expect(crashes).toBeGreaterThanOrEqual(5);
  });

  it('voiding a sale with ear tags is complete or undone, whichever write it died after', async () => {
    const w = await world();
    const base = (await getBase(w.orgs.base._id))!;
    const baseActor: Actor = { ...SYSTEM_ACTOR, userId: w.users.base._id, username: 'base', role: 'base' };
    const tags = Array.from({ length: 20 }, (_, i) => `1${base.countyCode}${String(i + 1).padStart(8, '0')}`);
    await recordHerdEvent(
      base,
      {
        kind: 'birth',
        species: 'pig',
        date: '2026-05-01',
        head: 20,
        earTags: tags.join(' '),
        notes: '',
        cause: '',
        buyer: '',
      },
      baseActor,
    );
    for (let n = 1, crashed = true; crashed; n += 1) {
      const sale = await recordHerdEvent(
        base,
        {
          kind: 'sale',
          species: 'pig',
          date: '2026-05-02',
          head: 1,
          earTags: tags[n],
          buyer: '九天',
          notes: '',
          cause: '',
        },
        baseActor,
      );
      if (!sale.ok) throw new Error('sale not recorded');
      crashed = await crashAt(n, () => reverseHerdEvent(base, sale.id, '录错', baseActor));
      const original = (await HerdEventModel.findById(sale.id).lean())!;
      const tag = (await EarTagModel.findById(tags[n]).lean())!;
      const lot = (await LotModel.findById(original.lotId).lean())!;
      if (original.reversedBy) {
        expect(tag.status).toBe('alive');
        expect(lot.status).toBe('voided');
      } else {
        expect(tag).toMatchObject({ status: 'sold', removedBy: sale.id });
        expect(lot.status).toBe('in_stock');
      }
      await expectConsistent();
    }
  });

  it('a record and its audit event are written together, or neither', async () => {
    const w = await world();
    for (let n = 1, crashed = true; crashed; n += 1) {
      crashed = await crashAt(n, () =>
        createVillage(w.town._id, { name: `新村${n}`, households: 10 }, SYSTEM_ACTOR),
      );
      await expectConsistent();
    }
    const village = (await createVillage(w.town._id, { name: '改名村', households: 10 }, SYSTEM_ACTOR))!;
    for (let n = 1, crashed = true; crashed; n += 1) {
      crashed = await crashAt(n, () =>
        updateVillage(
          { access: 'town', townId: w.town._id, orgId: null },
          village._id,
          { name: `改名村${n}`, households: n },
          SYSTEM_ACTOR,
        ),
      );
      await expectConsistent();
    }
  });
});

describe('one-time keys', () => {
  it('the same key sent twice, or five times at once, records one harvest', async () => {
    const w = await world();
    const input = {
      harvestedOn: '2026-10-01',
      quantity: 50,
      unit: 'kg' as const,
      grade: 'grade1' as const,
      notes: '',
    };
    const key = 'k'.repeat(20);
    const once = () => ({ ...w.actor, once: onceKey(w.users.cooperative._id, key) });
    const a = await recordHarvest(w.scope, w.planting._id, input, once());
    const b = await recordHarvest(w.scope, w.planting._id, input, once());
    expect(a).toEqual(b);
    expect(await HarvestModel.countDocuments()).toBe(1);

    const key2 = 'q'.repeat(20);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        recordHarvest(w.scope, w.planting._id, input, {
          ...w.actor,
          once: onceKey(w.users.cooperative._id, key2),
        }),
      ),
    );
    expect(await HarvestModel.countDocuments()).toBe(2);
    expect(new Set(results.map((r) => (r?.ok ? r.lotCode : 'failed'))).size).toBe(1);
    expect((await PlantingModel.findById(w.planting._id).lean())!.harvestedKg).toBe(100);

    // the same key with something else in the form is refused, not taken for the first
    const other = await recordHarvest(w.scope, w.planting._id, { ...input, quantity: 60 }, once());
    expect(other).toEqual({ ok: false, code: 'keyReused', errors: { '': ['v.alreadySubmitted'] } });
    expect(await HarvestModel.countDocuments()).toBe(2);
    // another user's identical key is theirs alone
    const elsewhere = await recordHarvest(w.scope, w.planting._id, input, {
      ...w.actor,
      once: onceKey(new Types.ObjectId(), key),
    });
    expect(elsewhere?.ok).toBe(true);
    await expectConsistent();
  });

  it('a key whose write was undone may be sent again, and then writes', async () => {
    const w = await world();
    const key = 'r'.repeat(20);
    const once = () => ({ ...w.actor, once: onceKey(w.users.cooperative._id, key) });
    const input = {
      harvestedOn: '2026-10-01',
      quantity: 20,
      unit: 'kg' as const,
      grade: 'grade1' as const,
      notes: '',
    };
    // cut off while holding: recovery undoes it, and the clerk, told nothing, sends it again
    expect(await crashAt(2, () => recordHarvest(w.scope, w.planting._id, input, once()))).toBe(true);
    expect(await OperationModel.countDocuments({ state: 'failed' })).toBe(1);
    expect(await HarvestModel.countDocuments()).toBe(0);
    const retried = await recordHarvest(w.scope, w.planting._id, input, once());
    expect(retried?.ok).toBe(true);
    expect(await HarvestModel.countDocuments()).toBe(1);
    await expectConsistent();
  });
});

describe('versioned changes', () => {
  it('an operation that lost the race never undoes the winner’s change when it releases', async () => {
    const { holdChange, releaseChange } = await import('#models/kernel/write');
    const village = await createVillage(
      (await makeTownWithRoles()).town._id,
      { name: '竞争村', households: 10 },
      SYSTEM_ACTOR,
    );
    const doc = (await mongoose.model('Village').findById(village._id).lean()) as { __v?: number };
    const rev = doc.__v ?? null;
    const [winner, loser] = [new Types.ObjectId(), new Types.ObjectId()];
    // both read the same version; the winner changes it, the loser's hold fails
    const changed = await holdChange(
      mongoose.model('Village') as never,
      { _id: village._id },
      rev,
      { households: 20 },
      winner,
    );
    expect(changed).not.toBeNull();
    expect(
      await holdChange(
        mongoose.model('Village') as never,
        { _id: village._id },
        rev,
        { households: 30 },
        loser,
      ),
    ).toBeNull();
    // the loser releases what it thinks it may have changed: nothing of the winner's is undone
    await releaseChange(
      mongoose.model('Village') as never,
      village._id,
      rev,
      { households: 10 },
      { households: 30 },
      loser,
    );
    expect(
      ((await mongoose.model('Village').findById(village._id).lean()) as unknown as { households: number })
        .households,
    ).toBe(20);
    // the winner's own release does undo it
    await releaseChange(
      mongoose.model('Village') as never,
      village._id,
      rev,
      { households: 10 },
      { households: 20 },
      winner,
    );
    expect(
      ((await mongoose.model('Village').findById(village._id).lean()) as unknown as { households: number })
        .households,
    ).toBe(10);
  });
});
