import { describe, expect, it } from 'vitest';
import { AuditEventModel } from '#models/kernel/audit';
import { LotModel } from '#models/lots/lot';
import { OrganizationModel } from '#models/town/organization';
import { HarvestModel, PlantingModel } from '#models/field/planting';
import * as flagged from '~/routes/harvests.flagged';
import * as harvestEdit from '~/routes/harvests.$id';
import * as lotPage from '~/routes/lots.$code._index';
import * as lotQr from '~/routes/lots.$code.qr[.png]';
import * as lotList from '~/routes/lots._index';
import * as plantingEdit from '~/routes/plantings.$id.edit';
import * as plantingPage from '~/routes/plantings.$id._index';
import * as plantingList from '~/routes/plantings._index';
import * as plantingNew from '~/routes/plantings.new';
import { todayInShanghai } from '~/utils/dates';
import { makeKudzu, makeProduct, makeTownWithRoles } from '#tests/factories';
import { args, expectThrownStatus, payloadOf, requestAs, statusOf } from '#tests/utils';

type Reply = { result: { error?: Record<string, string[]> } };
const errorsOf = (value: unknown) => payloadOf<Reply>(value).result.error ?? {};

async function setup() {
  const world = await makeTownWithRoles();
  const kudzu = await makeKudzu(world.town._id);
  const pork = await makeProduct(world.town._id, {
    code: 'LXZR',
    name: '冷鲜猪肉',
    category: 'meat',
    unit: 'kg',
  });
  return { ...world, kudzu, pork };
}

const plantingForm = (w: Awaited<ReturnType<typeof setup>>, extra: Record<string, string> = {}) => ({
  villageId: String(w.village._id),
  productId: String(w.kudzu._id),
  areaMu: '10',
  households: '6',
  plantedOn: '2026-03-15',
  expectedHarvestOn: '2026-10-20',
  plotName: '后山坡',
  ...extra,
});

async function newPlanting(w: Awaited<ReturnType<typeof setup>>, extra: Record<string, string> = {}) {
  const res = (await plantingNew.action(
    args(await requestAs(w.users.cooperative, '/plantings/new', { form: plantingForm(w, extra) })),
  )) as Response;
  expect(res.status).toBe(302);
  return res.headers.get('Location')!.split('/').pop()!;
}

async function harvest(
  w: Awaited<ReturnType<typeof setup>>,
  id: string,
  form: Record<string, string>,
  user = w.users.cooperative,
) {
  return plantingPage.action(args(await requestAs(user, `/plantings/${id}`, { form }), { id }));
}

describe('plantings', () => {
  it('a cooperative records a planting; the season defaults to the planting year; it is audited', async () => {
    const w = await setup();
    const id = await newPlanting(w);
    const planting = await PlantingModel.findById(id).lean();
    expect(planting).toMatchObject({
      orgId: w.orgs.cooperative._id,
      areaMu: 10,
      households: 6,
      season: 2026,
      harvestedKg: 0,
    });
    expect(planting!.ref).toBe(`ZZ-${w.town.code}-GG-20260315-001`);
    expect(planting!.plantedOn.toISOString()).toBe('2026-03-14T16:00:00.000Z'); // Shanghai midnight
    expect(await AuditEventModel.countDocuments({ recordId: planting!._id, action: 'create' })).toBe(1);
  });

  it('a cooperative records plantings only in the villages it serves', async () => {
    const w = await setup();
    const elsewhere = await (await import('#tests/factories')).makeVillage(w.town._id, { name: '别村' });
    const res = await plantingNew.action(
      args(
        await requestAs(w.users.cooperative, '/plantings/new', {
          form: plantingForm(w, { villageId: String(elsewhere._id) }),
        }),
      ),
    );
    expect(statusOf(res)).toBe(400);
    expect(errorsOf(res)).toEqual({ villageId: ['planting.villageNotServed'] });
    expect(await PlantingModel.countDocuments()).toBe(0);
  });

  it('rejects bad values with messages next to the fields and writes nothing', async () => {
    const w = await setup();
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const cases: [Record<string, string>, Record<string, string[]>][] = [
      [{ areaMu: '0' }, { areaMu: ['v.positive'] }],
      [{ areaMu: '-2' }, { areaMu: ['v.positive'] }],
      [{ households: '0' }, { households: ['v.positive'] }],
      [{ plantedOn: tomorrow }, { plantedOn: ['v.futureDate'] }],
      [{ plantedOn: '2026-02-30' }, { plantedOn: ['v.date'] }],
      [{ expectedHarvestOn: '2026-01-01' }, { expectedHarvestOn: ['planting.expectedBeforePlanted'] }],
      [{ villageId: 'not-an-id' }, { villageId: ['v.invalidChoice'] }],
    ];
    for (const [extra, errors] of cases) {
      const result = await plantingNew.action(
        args(await requestAs(w.users.cooperative, '/plantings/new', { form: plantingForm(w, extra) })),
      );
      expect(statusOf(result), JSON.stringify(extra)).toBe(400);
      expect(errorsOf(result), JSON.stringify(extra)).toMatchObject(errors);
    }
    const other = await makeTownWithRoles();
    const refs = await plantingNew.action(
      args(
        await requestAs(w.users.cooperative, '/plantings/new', {
          form: plantingForm(w, { villageId: String(other.village._id), productId: String(w.pork._id) }),
        }),
      ),
    );
    expect(errorsOf(refs)).toEqual({
      villageId: ['v.villageNotFound'],
      productId: ['planting.cropNotFound'],
    });
    expect(await PlantingModel.countDocuments()).toBe(0);
  });

  it('officials read every planting of the town but cannot record one; cooperatives see only their own', async () => {
    const w = await setup();
    const id = await newPlanting(w);
    await expectThrownStatus(
      plantingNew.action(
        args(await requestAs(w.users.official, '/plantings/new', { form: plantingForm(w) })),
      ),
      403,
    );
    const official = await plantingList.loader(args(await requestAs(w.users.official, '/plantings')));
    expect(official.plantings.map((p) => p.id)).toEqual([id]);
    expect(official.byCrop).toMatchObject([{ areaMu: 10, households: 6, count: 1 }]);

    const otherCoop = await (
      await import('#tests/factories')
    ).makeOrg(w.town._id, {
      type: 'cooperative',
      villageIds: [String(w.village._id)],
      memberHouseholds: 3,
    });
    const stranger = await (await import('#tests/factories')).makeUser(otherCoop, 'cooperative');
    const theirs = await plantingList.loader(args(await requestAs(stranger, '/plantings')));
    expect(theirs.plantings).toEqual([]);
    // nor does its page name the other cooperative
    expect(JSON.stringify(theirs)).not.toContain(w.orgs.cooperative.name);
    expect(JSON.stringify(official)).toContain(w.orgs.cooperative.name);
    await expectThrownStatus(
      plantingPage.loader(args(await requestAs(stranger, `/plantings/${id}`), { id })),
      404,
    );
    const forged = await harvest(
      w,
      id,
      { harvestedOn: '2026-10-01', quantity: '100', unit: 'kg', grade: 'grade1' },
      stranger,
    ).catch((e) => e);
    expect(statusOf(forged)).toBe(404);
    expect(await HarvestModel.countDocuments()).toBe(0);
  });

  it('filters by village, crop and year with totals', async () => {
    const w = await setup();
    await newPlanting(w);
    await newPlanting(w, { areaMu: '4', households: '2', plantedOn: '2025-04-01', expectedHarvestOn: '' });
    const y2025 = await plantingList.loader(
      args(await requestAs(w.users.cooperative, '/plantings?season=2025')),
    );
    expect(y2025.byCrop).toMatchObject([
      { productId: String(w.kudzu._id), areaMu: 4, households: 2, count: 1 },
    ]);
    const all = await plantingList.loader(
      args(await requestAs(w.users.cooperative, `/plantings?crop=${w.kudzu._id}`)),
    );
    expect(all.byCrop).toMatchObject([{ areaMu: 14, households: 8, count: 2 }]);
    const none = await plantingList.loader(
      args(await requestAs(w.users.cooperative, `/plantings?crop=${w.pork._id}`)),
    );
    expect(none.count).toBe(0);
    // two crops are totalled apart, never added together in 亩 and kg
    const sweetPotato = await makeProduct(w.town._id, {
      code: 'XXS',
      name: '小香薯',
      category: 'crop',
      unit: 'kg',
    });
    await newPlanting(w, { productId: String(sweetPotato._id), areaMu: '2', households: '1' });
    const mixed = await plantingList.loader(args(await requestAs(w.users.cooperative, '/plantings')));
    expect(mixed.count).toBe(3);
    expect(mixed.byCrop.map((c) => [c.productId, c.areaMu])).toEqual([
      [String(w.kudzu._id), 14],
      [String(sweetPotato._id), 2],
    ]);
  });
});

describe('harvests and lots', () => {
  it('each harvest becomes a lot with the next code of its day, in kg whatever unit was typed', async () => {
    const w = await setup();
    const id = await newPlanting(w);
    const first = (await harvest(w, id, {
      harvestedOn: '2026-10-15',
      quantity: '20000',
      unit: 'jin',
      grade: 'grade1',
    })) as Response;
    expect(first.status).toBe(302);
    const code1 = `${w.town.code}-GG-20261015-001`;
    expect(first.headers.get('Location')).toBe(`/lots/${code1}`);
    await harvest(w, id, { harvestedOn: '2026-10-15', quantity: '12.5', unit: 'ton', grade: 'mixed' });
    const lots = await LotModel.find().sort({ code: 1 }).lean();
    expect(lots.map((l) => [l.code, l.quantity, l.grade])).toEqual([
      [code1, 10000, 'grade1'],
      [`${w.town.code}-GG-20261015-002`, 12500, 'mixed'],
    ]);
    expect(lots[0]).toMatchObject({
      holderOrgId: w.orgs.cooperative._id,
      status: 'in_stock',
      origin: { kind: 'harvest', villageId: w.village._id, cooperativeId: w.orgs.cooperative._id },
    });
    expect((await PlantingModel.findById(id).lean())?.harvestedKg).toBe(22500);

    const page = await lotPage.loader(
      args(await requestAs(w.users.cooperative, `/lots/${code1}`), { code: code1 }),
    );
    expect(page.traceUrl).toBe(`http://localhost:3000/t/${code1}`);
    expect(page.qrSvg).toMatch(/^<svg/);
    const png = await lotQr.loader(
      args(await requestAs(w.users.cooperative, `/lots/${code1}/qr.png`), { code: code1 }),
    );
    expect(png.headers.get('Content-Type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('flags implausible yields for officials and rejects what the plot could not bear or dates before planting', async () => {
    const w = await setup();
    const id = await newPlanting(w); // 10 亩, 2000–3000 kg/亩 → bears at most 3 × 3000 × 10 = 90,000 kg
    // 4000/亩: high, saved once the clerk confirms the figure (确认保存)
    await harvest(w, id, {
      harvestedOn: '2026-10-15',
      quantity: '40000',
      unit: 'kg',
      grade: 'grade1',
      confirmHigh: 'on',
    });
    const list = await flagged.loader(args(await requestAs(w.users.official, '/harvests/flagged')));
    expect(list.harvests.map((h) => [h.quantityKg, h.flag])).toEqual([[40000, 'yieldHigh']]);
    await expectThrownStatus(
      flagged.loader(args(await requestAs(w.users.cooperative, '/harvests/flagged'))),
      403,
    );

    const tooBig = await harvest(w, id, {
      harvestedOn: '2026-10-16',
      quantity: '60',
      unit: 'ton',
      grade: 'grade1',
    });
    expect(errorsOf(tooBig).quantity?.[0]).toMatch(/^harvest\.tooLarge\|\{"max":50000\}/);
    const early = await harvest(w, id, {
      harvestedOn: '2026-03-01',
      quantity: '10',
      unit: 'kg',
      grade: 'grade1',
    });
    expect(errorsOf(early).harvestedOn).toEqual(['harvest.beforePlanting']);
    const zero = await harvest(w, id, { harvestedOn: '2026-10-16', quantity: '0', unit: 'kg' });
    expect(errorsOf(zero).quantity).toEqual(['v.positive']);
    const future = await harvest(w, id, { harvestedOn: '2099-01-01', quantity: '1', unit: 'kg' });
    expect(errorsOf(future).harvestedOn).toEqual(['v.futureDate']);
    expect(await HarvestModel.countDocuments()).toBe(1);
    expect(await LotModel.countDocuments()).toBe(1);
    expect((await PlantingModel.findById(id).lean())?.harvestedKg).toBe(40000);
  });

  it('two harvests at once can never together exceed what the plot can bear', async () => {
    const w = await setup();
    const id = await newPlanting(w);
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        harvest(w, id, {
          harvestedOn: '2026-10-15',
          quantity: '40000',
          unit: 'kg',
          grade: 'grade1',
          confirmHigh: 'on',
        }),
      ),
    );
    expect(results.filter((r) => statusOf(r) === 302)).toHaveLength(2);
    expect((await PlantingModel.findById(id).lean())?.harvestedKg).toBe(80000);
    expect(await LotModel.countDocuments()).toBe(2);
  });

  it('corrections flow to the lot until the lot moves on, then are refused', async () => {
    const w = await setup();
    const id = await newPlanting(w);
    await harvest(w, id, { harvestedOn: '2026-10-15', quantity: '25000', unit: 'kg', grade: 'grade1' });
    const h = await HarvestModel.findOne().lean();
    const hid = String(h!._id);
    const fix = await harvestEdit.action(
      args(
        await requestAs(w.users.cooperative, `/harvests/${hid}`, {
          form: { harvestedOn: '2026-10-15', quantity: '24000', unit: 'kg', grade: 'grade2' },
        }),
        { id: hid },
      ),
    );
    expect(statusOf(fix)).toBe(302);
    const lot = await LotModel.findById(h!.lotId).lean();
    expect([lot?.quantity, lot?.grade, lot?.code]).toEqual([24000, 'grade2', h!.lotCode]);
    expect((await PlantingModel.findById(id).lean())?.harvestedKg).toBe(24000);

    // the crop and village are in the lot already
    const served = await (await import('#tests/factories')).makeVillage(w.town._id);
    await OrganizationModel.updateOne({ _id: w.orgs.cooperative._id }, { $push: { villageIds: served._id } });
    const recrop = await plantingEdit.action(
      args(
        await requestAs(w.users.cooperative, `/plantings/${id}/edit`, {
          form: plantingForm(w, { productId: String(w.kudzu._id), villageId: String(served._id) }),
        }),
        { id },
      ),
    );
    expect(errorsOf(recrop).villageId).toEqual(['planting.originLocked']);

    // shrinking the plot re-flags its harvests
    const shrink = await plantingEdit.action(
      args(
        await requestAs(w.users.cooperative, `/plantings/${id}/edit`, {
          form: plantingForm(w, { areaMu: '5' }),
        }),
        { id },
      ),
    );
    expect(statusOf(shrink)).toBe(302);
    expect((await HarvestModel.findById(hid).lean())?.flag).toBe('yieldHigh');

    await LotModel.updateOne({ _id: h!.lotId }, { $set: { movedAt: new Date(), status: 'delivered' } });
    const refused = await harvestEdit.action(
      args(
        await requestAs(w.users.cooperative, `/harvests/${hid}`, {
          form: { harvestedOn: '2026-10-15', quantity: '1', unit: 'kg', grade: 'grade2' },
        }),
        { id: hid },
      ),
    );
    expect(errorsOf(refused)['']).toEqual(['harvest.lockedMoved']);
    const plantingRefused = await plantingEdit.action(
      args(
        await requestAs(w.users.cooperative, `/plantings/${id}/edit`, {
          form: plantingForm(w, { areaMu: '50' }),
        }),
        { id },
      ),
    );
    expect(errorsOf(plantingRefused)['']).toEqual(['planting.lockedMoved']);
    expect((await LotModel.findById(h!.lotId).lean())?.quantity).toBe(24000);
    expect((await PlantingModel.findById(id).lean())?.areaMu).toBe(5);
  });

  it('lots are visible to their holder and the town’s officials only', async () => {
    const w = await setup();
    const id = await newPlanting(w);
    await harvest(w, id, { harvestedOn: '2026-10-15', quantity: '100', unit: 'kg', grade: 'grade1' });
    const code = `${w.town.code}-GG-20261015-001`;
    expect((await lotList.loader(args(await requestAs(w.users.official, '/lots')))).lots).toHaveLength(1);
    expect((await lotList.loader(args(await requestAs(w.users.enterprise, '/lots')))).lots).toHaveLength(0);
    await expectThrownStatus(
      lotPage.loader(args(await requestAs(w.users.enterprise, `/lots/${code}`), { code })),
      404,
    );
    const qr = await lotQr.loader(
      args(await requestAs(w.users.enterprise, `/lots/${code}/qr.png`), { code }),
    );
    expect(qr.status).toBe(404);
    expect(await qr.text()).toContain('找不到该记录');
    const other = await makeTownWithRoles();
    await expectThrownStatus(
      lotPage.loader(args(await requestAs(other.users.official, `/lots/${code}`), { code })),
      404,
    );
  });
});

it('today is never rejected as a future date', async () => {
  const w = await setup();
  const result = await plantingNew.action(
    args(
      await requestAs(w.users.cooperative, '/plantings/new', {
        form: plantingForm(w, { plantedOn: todayInShanghai(), expectedHarvestOn: '' }),
      }),
    ),
  );
  expect(statusOf(result)).toBe(302);
});
