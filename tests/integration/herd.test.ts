import { describe, expect, it } from 'vitest';
import { AuditEventModel } from '#models/kernel/audit';
import {
  EarTagModel,
  HerdCountModel,
  HerdEventModel,
  checkHerdEvent,
  fillMonths,
  getBase,
  herdHistory,
  lowestFrom,
} from '#models/field/herd';
import { LotModel } from '#models/lots/lot';
import * as herdEvent from '~/routes/herd.events.$id';
import * as herdPage from '~/routes/herd._index';
import * as herdNew from '~/routes/herd.new';
import { HerdEventSchema } from '~/schemas/herd';
import { makeOrg, makeProduct, makeTownWithRoles, makeUser } from '#tests/factories';
import { args, expectThrownStatus, payloadOf, requestAs, statusOf } from '#tests/utils';

type Reply = { result: { error?: Record<string, string[]> } };
const errorsOf = (value: unknown) => payloadOf<Reply>(value).result.error ?? {};

async function setup() {
  const w = await makeTownWithRoles(); // county 430822, base keeps pigs
  await makeProduct(w.town._id, { code: 'SZ', name: '生猪', category: 'livestock', unit: 'head' });
  const post = async (form: Record<string, string>, user = w.users.base) =>
    herdNew.action(args(await requestAs(user, '/herd/new', { form: { species: 'pig', ...form } })));
  const head = async () =>
    (await HerdCountModel.findOne({ baseId: w.orgs.base._id, species: 'pig' }).lean())?.head ?? 0;
  const scope = { access: 'own' as const, townId: w.town._id, orgId: w.orgs.base._id };
  return { ...w, post, head, scope };
}

/** Everything a herd write touches, to show that a refused one wrote nothing. */
const written = async () => ({
  events: await HerdEventModel.countDocuments(),
  counts: await HerdCountModel.find().lean(),
  tags: await EarTagModel.countDocuments(),
  lots: await LotModel.countDocuments(),
  audit: await AuditEventModel.countDocuments({ entity: { $in: ['HerdEvent', 'Lot'] } }),
});

const tag = (serial: number) => `1430822${String(serial).padStart(8, '0')}`;
const eventPath = (id: string) => `/herd/events/${id}`;

describe('herd events', () => {
  it('births, deaths, sales and slaughters move the count; sold animals become lots; all audited', async () => {
    const w = await setup();
    expect(statusOf(await w.post({ kind: 'birth', date: '2026-01-10', head: '100' }))).toBe(302);
    // 1 February in Shanghai is still 31 January in UTC: the month must be February
    expect(statusOf(await w.post({ kind: 'death', date: '2026-02-01', head: '10', cause: '猪瘟' }))).toBe(
      302,
    );
    const sale = await w.post({
      kind: 'sale',
      date: '2026-03-20',
      head: '30',
      buyer: '九天食品',
      weightKg: '3300',
      priceYuan: '56100.50',
    });
    expect(statusOf(sale)).toBe(302);
    expect(await w.head()).toBe(60);
    const event = await HerdEventModel.findOne({ kind: 'sale' }).lean();
    expect(event).toMatchObject({
      head: 30,
      delta: -30,
      priceFen: 5610050,
      weightKg: 3300,
      buyer: '九天食品',
      cause: '',
      lotCode: `${w.town.code}-SZ-20260320-001`,
    });
    const lot = await LotModel.findById(event!.lotId).lean();
    expect(lot).toMatchObject({
      code: `${w.town.code}-SZ-20260320-001`,
      productCode: 'SZ',
      unit: 'head',
      quantity: 30,
      holderOrgId: w.orgs.base._id,
      orgId: w.orgs.base._id,
      origin: {
        kind: 'herd_sale',
        baseId: w.orgs.base._id,
        herdEventId: event!._id,
        villageId: w.village._id,
      },
    });

    // a slaughter: weight optional, still a lot
    expect(statusOf(await w.post({ kind: 'slaughter', date: '2026-04-02', head: '5' }))).toBe(302);
    const slaughter = await HerdEventModel.findOne({ kind: 'slaughter' }).lean();
    expect(slaughter).toMatchObject({ head: 5, weightKg: null, priceFen: null });
    expect(await LotModel.findById(slaughter!.lotId).lean()).toMatchObject({
      quantity: 5,
      origin: { kind: 'herd_sale', herdEventId: slaughter!._id },
    });
    expect(await w.head()).toBe(55);
    expect(await AuditEventModel.countDocuments({ entity: 'HerdEvent', action: 'create' })).toBe(4);
    expect(await AuditEventModel.countDocuments({ entity: 'Lot', action: 'create' })).toBe(2);

    const history = await herdHistory(w.scope, w.orgs.base._id, 'pig', new Date('2026-05-15T00:00:00Z'));
    expect(history.map((p) => [p.month, p.head])).toEqual([
      ['2026-01', 100],
      ['2026-02', 90],
      ['2026-03', 60],
      ['2026-04', 55],
      ['2026-05', 55],
    ]);
    const page = await herdPage.loader(args(await requestAs(w.users.base, '/herd')));
    expect(page.bases.map((b) => [b.id, b.counts])).toEqual([
      [String(w.orgs.base._id), [{ species: 'pig', head: 55 }]],
    ]);
    expect(page.histories[0].points.slice(0, 4).map((p) => p.head)).toEqual([100, 90, 60, 55]);
    expect(page.events.map((e) => e.kind)).toEqual(['slaughter', 'sale', 'death', 'birth']);
    expect(page.canWrite).toBe(true);

    const detail = await herdEvent.loader(
      args(await requestAs(w.users.base, eventPath(String(event!._id))), { id: String(event!._id) }),
    );
    expect(detail.event).toMatchObject({ lotCode: lot!.code, lotId: String(lot!._id), priceFen: 5610050 });
  });

  it('keeps only the details a kind of event carries', async () => {
    const w = await setup();
    const birth = await w.post({
      kind: 'birth',
      date: '2026-05-01',
      head: '3',
      cause: '误填',
      buyer: '误填',
      weightKg: '12',
      priceYuan: '99',
      notes: '三胞胎',
    });
    expect(statusOf(birth)).toBe(302);
    expect(await HerdEventModel.findOne().lean()).toMatchObject({
      cause: '',
      buyer: '',
      weightKg: null,
      priceFen: null,
      notes: '三胞胎',
    });
  });

  it('never lets the count go below zero, now or at a back-dated moment', async () => {
    const w = await setup();
    await w.post({ kind: 'purchase', date: '2026-05-01', head: '20' });
    const before = await written();
    const tooMany = await w.post({ kind: 'death', date: '2026-05-02', head: '21', cause: '病' });
    expect(statusOf(tooMany)).toBe(400);
    expect(errorsOf(tooMany).head).toEqual(['herd.notEnough|{"available":20}']);
    // before the purchase there were none
    // …and the message says that the history, not today's 20, is what limits it
    const backdated = await w.post({ kind: 'sale', date: '2026-04-01', head: '1', buyer: 'x' });
    expect(errorsOf(backdated).head).toEqual([
      'herd.notEnoughThen|{"available":0,"now":20,"date":"2026-04-01"}',
    ]);
    expect(await written()).toEqual(before);
    expect(await w.head()).toBe(20);

    // animals bought on a day may leave that same day
    expect(statusOf(await w.post({ kind: 'death', date: '2026-05-01', head: '2', cause: '运输应激' }))).toBe(
      302,
    );
    // a back-dated removal that later events would take below zero: 18 in May, 18 sold in June
    await w.post({ kind: 'sale', date: '2026-06-01', head: '18', buyer: 'x' });
    expect(await w.head()).toBe(0);
    await w.post({ kind: 'birth', date: '2026-07-01', head: '5' });
    const beforeGap = await w.post({ kind: 'death', date: '2026-05-20', head: '1', cause: '病' });
    expect(errorsOf(beforeGap).head).toEqual([
      'herd.notEnoughThen|{"available":0,"now":5,"date":"2026-05-20"}',
    ]);
    expect(await w.head()).toBe(5);
    expect(statusOf(await w.post({ kind: 'death', date: '2026-07-02', head: '5', cause: '病' }))).toBe(302);
    expect(await w.head()).toBe(0);
  });

  it('concurrent removals can never overdraw the herd', async () => {
    const w = await setup();
    await w.post({ kind: 'birth', date: '2026-05-01', head: '10' });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => w.post({ kind: 'death', date: '2026-05-02', head: '3', cause: '病' })),
    );
    expect(results.filter((r) => statusOf(r) === 302).length).toBe(3);
    expect(
      results.filter((r) => statusOf(r) === 400).map((r) => errorsOf(r).head?.[0].split('|')[0]),
    ).toEqual(['herd.notEnough', 'herd.notEnough']);
    expect(await w.head()).toBe(1);
    expect(await HerdEventModel.countDocuments({ kind: 'death' })).toBe(3);
    expect(await AuditEventModel.countDocuments({ entity: 'HerdEvent' })).toBe(4);
  });

  it('one ear tag cannot leave twice, however the requests race', async () => {
    const w = await setup();
    await w.post({ kind: 'birth', date: '2026-05-01', head: '3', earTags: [1, 2, 3].map(tag).join('\n') });
    const results = await Promise.all(
      [0, 1].map(() => w.post({ kind: 'sale', date: '2026-05-02', head: '1', buyer: 'x', earTags: tag(2) })),
    );
    expect(results.map(statusOf).sort()).toEqual([302, 400]);
    expect(await w.head()).toBe(2);
    expect(await HerdEventModel.countDocuments({ kind: 'sale' })).toBe(1);
    expect(await LotModel.countDocuments()).toBe(1);
    expect(await EarTagModel.findById(tag(2)).lean()).toMatchObject({ status: 'sold' });
    expect(await EarTagModel.countDocuments({ status: 'alive' })).toBe(2);
  });

  it('takes a run of tags as a range: 650 head by first and last tag, or by first tag and count', async () => {
    const w = await setup();
    // a litter of 650 is two tags typed, not 9,750 digits
    expect(
      statusOf(
        await w.post({
          kind: 'birth',
          date: '2026-05-01',
          head: '650',
          earTags: `${tag(101)} - ${tag(750)}`,
        }),
      ),
    ).toBe(302);
    expect(await EarTagModel.countDocuments({ status: 'alive' })).toBe(650);
    expect(await EarTagModel.findById(tag(750)).lean()).toMatchObject({ status: 'alive' });
    expect(await EarTagModel.findById(tag(751)).lean()).toBeNull();
    // the first tag and how many, beside single tags scanned one per line
    expect(
      statusOf(
        await w.post({
          kind: 'purchase',
          date: '2026-05-02',
          head: '4',
          earTags: `${tag(800)}+3\n${tag(900)}`,
        }),
      ),
    ).toBe(302);
    expect(await EarTagModel.countDocuments({ status: 'alive' })).toBe(654);
    expect(await EarTagModel.findById(tag(802)).lean()).toMatchObject({ status: 'alive' });
    // a backwards range stays as typed, and the format check names it; nothing is written
    const errors = errorsOf(
      await w.post({ kind: 'birth', date: '2026-05-03', head: '3', earTags: `${tag(1003)}-${tag(1001)}` }),
    ).earTags;
    expect(errors).toEqual([
      `herd.tagFormat|{"tags":"${tag(1003)}-${tag(1001)}"}`,
      'herd.tagCount|{"count":1,"head":3}',
    ]);
    expect(await EarTagModel.countDocuments()).toBe(654);
  });

  it('validates ear tags: format, species digit, county, count, duplicates, and the herd they are in', async () => {
    const w = await setup();
    const bad = async (earTags: string, head = '2', kind = 'birth') =>
      errorsOf(await w.post({ kind, date: '2026-05-01', head, earTags, cause: 'x', buyer: 'y' })).earTags;
    expect(await bad(`12345, ${tag(1)}`)).toEqual(['herd.tagFormat|{"tags":"12345"}']);
    expect(await bad(`${tag(1)}\n143082200000000022`)).toEqual([expect.stringMatching(/^herd\.tagFormat/)]);
    expect(await bad(`${tag(1)}\n2430822${'00000002'}`)).toEqual([
      'herd.tagSpecies|{"tags":"243082200000002","digit":"1"}',
    ]);
    expect(await bad(`${tag(1)} ${tag(1)}`)).toEqual([expect.stringMatching(/^herd\.tagDuplicate/)]);
    expect(await bad(tag(1), '2')).toEqual(['herd.tagCount|{"count":1,"head":2}']);
    expect(await bad(`1110101${'00000001'},1110101${'00000002'}`)).toEqual([
      'herd.tagCounty|{"tags":"111010100000001, 111010100000002","county":"430822"}',
    ]);
    expect(await written()).toMatchObject({ events: 0, tags: 0, counts: [] });

    expect(
      statusOf(
        await w.post({ kind: 'birth', date: '2026-05-01', head: '2', earTags: `${tag(1)}，${tag(2)}` }),
      ),
    ).toBe(302);
    expect(await EarTagModel.find().sort({ _id: 1 }).lean()).toMatchObject([
      { _id: tag(1), status: 'alive', baseId: w.orgs.base._id },
      { _id: tag(2), status: 'alive', baseId: w.orgs.base._id },
    ]);
    expect(await bad(`${tag(2)},${tag(3)}`)).toEqual(['herd.tagTaken|{"tags":"143082200000002"}']);
    expect(await bad(`${tag(2)},${tag(9)}`, '2', 'death')).toEqual([
      'herd.tagNotInHerd|{"tags":"143082200000009"}',
    ]);
    expect(
      statusOf(await w.post({ kind: 'death', date: '2026-05-03', head: '1', cause: '病', earTags: tag(2) })),
    ).toBe(302);
    expect(await EarTagModel.findById(tag(2)).lean()).toMatchObject({ status: 'dead' });
    expect(await bad(tag(2), '1', 'death')).toEqual([expect.stringMatching(/^herd\.tagNotInHerd/)]);

    // a tag registered at another base (same county, another town) is taken too,
    // and that base cannot remove animals by naming this base's tags
    const other = await makeTownWithRoles();
    const postOther = async (form: Record<string, string>) =>
      herdNew.action(
        args(await requestAs(other.users.base, '/herd/new', { form: { species: 'pig', ...form } })),
      );
    const taken = await postOther({ kind: 'purchase', date: '2026-05-01', head: '1', earTags: tag(1) });
    expect(errorsOf(taken).earTags).toEqual(['herd.tagTaken|{"tags":"143082200000001"}']);
    await postOther({ kind: 'purchase', date: '2026-05-01', head: '1' });
    const notTheirs = await postOther({
      kind: 'death',
      date: '2026-05-02',
      head: '1',
      cause: '病',
      earTags: tag(1),
    });
    expect(errorsOf(notTheirs).earTags).toEqual(['herd.tagNotInHerd|{"tags":"143082200000001"}']);
    expect(await EarTagModel.findById(tag(1)).lean()).toMatchObject({
      status: 'alive',
      baseId: w.orgs.base._id,
    });
  });

  it('rejects bad input with field messages and writes nothing', async () => {
    const w = await setup();
    const cases: [Record<string, string>, Record<string, string[]>][] = [
      [{ kind: 'birth', date: '2026-05-01', head: '0' }, { head: ['v.positive'] }],
      [{ kind: 'birth', date: '2026-05-01', head: '-3' }, { head: ['v.positive'] }],
      [{ kind: 'birth', date: '2026-05-01', head: '1.5' }, { head: ['v.integer'] }],
      [{ kind: 'birth', date: '2026-05-01', head: '' }, { head: ['v.required'] }],
      [{ kind: 'birth', date: '2099-05-01', head: '1' }, { date: ['v.futureDate'] }],
      [{ kind: 'birth', date: '2026-02-30', head: '1' }, { date: ['v.date'] }],
      [{ kind: 'death', date: '2026-05-01', head: '1' }, { cause: ['v.required'] }],
      [{ kind: 'sale', date: '2026-05-01', head: '1' }, { buyer: ['v.required'] }],
      [
        { kind: 'sale', date: '2026-05-01', head: '1', buyer: 'x', priceYuan: '-5' },
        { priceYuan: ['v.positive'] },
      ],
      [
        { kind: 'birth', date: '2026-05-01', head: '1', species: 'cattle' },
        { species: ['herd.speciesNotKept'] },
      ],
      [{ kind: 'birth', date: '2026-05-01', head: '1', species: 'horse' }, { species: ['v.invalidChoice'] }],
      [{ kind: 'escape', date: '2026-05-01', head: '1' }, { kind: ['v.invalidChoice'] }],
    ];
    for (const [form, errors] of cases) {
      const result = await w.post(form);
      expect(statusOf(result), JSON.stringify(form)).toBe(400);
      expect(errorsOf(result), JSON.stringify(form)).toMatchObject(errors);
    }
    expect(await written()).toEqual({ events: 0, counts: [], tags: 0, lots: 0, audit: 0 });
  });

  it('a sale needs the live-animal product in the catalog', async () => {
    const w = await makeTownWithRoles();
    const post = async (form: Record<string, string>) =>
      herdNew.action(args(await requestAs(w.users.base, '/herd/new', { form: { species: 'pig', ...form } })));
    await post({ kind: 'birth', date: '2026-05-01', head: '5' });
    const before = await written();
    const sale = await post({ kind: 'sale', date: '2026-05-02', head: '1', buyer: 'x' });
    expect(errorsOf(sale).kind).toEqual(['herd.noProduct|{"code":"SZ"}']);
    const slaughter = await post({ kind: 'slaughter', date: '2026-05-02', head: '1' });
    expect(errorsOf(slaughter).kind).toEqual(['herd.noProduct|{"code":"SZ"}']);
    expect(await written()).toEqual(before);
  });

  it('the checks are reusable without writing (for imports)', async () => {
    const w = await setup();
    const base = (await getBase(w.orgs.base._id))!;
    expect(base).toMatchObject({ species: ['pig'], countyCode: '430822', villageId: w.village._id });
    const row = HerdEventSchema.parse({
      kind: 'death',
      species: 'pig',
      date: '2026-05-01',
      head: 4,
      cause: '病',
    });
    expect(await checkHerdEvent(base, row)).toEqual({ head: ['herd.notEnough|{"available":0}'] });
    expect(await checkHerdEvent(base, { ...row, kind: 'birth', species: 'cattle' })).toEqual({
      species: ['herd.speciesNotKept'],
    });
    expect(await written()).toMatchObject({ events: 0, counts: [] });
    const day = (d: string) => new Date(`${d}T00:00:00+08:00`);
    const days = [
      { _id: day('2026-01-01'), delta: 10 },
      { _id: day('2026-02-01'), delta: -8 },
      { _id: day('2026-03-01'), delta: 5 },
    ];
    expect(lowestFrom(days, day('2026-01-15'))).toBe(2);
    expect(lowestFrom(days, day('2026-02-01'))).toBe(2);
    expect(lowestFrom(days, day('2026-02-15'))).toBe(2);
    expect(lowestFrom(days, day('2026-03-01'))).toBe(7);
    expect(lowestFrom(days, day('2025-12-31'))).toBe(0);
  });
});

describe('herd permissions and corrections', () => {
  it('only a base records: a cooperative or an official posting gets 403 and nothing is written', async () => {
    const w = await setup();
    for (const user of [w.users.cooperative, w.users.official, w.users.enterprise]) {
      await expectThrownStatus(w.post({ kind: 'birth', date: '2026-05-01', head: '1' }, user), 403);
      await expectThrownStatus(herdNew.loader(args(await requestAs(user, '/herd/new'))), 403);
    }
    await expectThrownStatus(herdPage.loader(args(await requestAs(w.users.cooperative, '/herd'))), 403);
    expect(await written()).toEqual({ events: 0, counts: [], tags: 0, lots: 0, audit: 0 });
  });

  it('an official reads every base of the town; a base sees only its own', async () => {
    const w = await setup();
    const second = await makeOrg(w.town._id, {
      type: 'base',
      name: '二号基地',
      villageId: String(w.village._id),
      species: ['cattle', 'pig'],
    });
    const secondUser = await makeUser(second, 'base');
    await w.post({ kind: 'birth', date: '2026-05-01', head: '7' });
    await herdNew.action(
      args(
        await requestAs(secondUser, '/herd/new', {
          form: { kind: 'purchase', species: 'cattle', date: '2026-05-01', head: '4' },
        }),
      ),
    );
    const elsewhere = await setup();
    await elsewhere.post({ kind: 'birth', date: '2026-05-01', head: '99' });

    const official = await herdPage.loader(args(await requestAs(w.users.official, '/herd')));
    expect(official.canWrite).toBe(false);
    expect(official.ownBase).toBe(false);
    expect(Object.fromEntries(official.bases.map((b) => [b.id, b.counts]))).toEqual({
      [String(w.orgs.base._id)]: [{ species: 'pig', head: 7 }],
      [String(second._id)]: [
        { species: 'cattle', head: 4 },
        { species: 'pig', head: 0 },
      ],
    });
    expect(official.totals).toEqual([
      { species: 'pig', head: 7 },
      { species: 'cattle', head: 4 },
    ]);
    expect(official.events).toHaveLength(2);
    expect(official.histories).toEqual([]);

    const own = await herdPage.loader(args(await requestAs(secondUser, '/herd')));
    expect(own.bases.map((b) => b.id)).toEqual([String(second._id)]);
    expect(own.events.map((e) => e.orgId)).toEqual([String(second._id)]);
    expect(own.histories.map((h) => [h.species, h.points.at(-1)?.head])).toEqual([
      ['cattle', 4],
      ['pig', undefined],
    ]);
  });

  it('another base’s event is 404, to read and to correct; an official reads but cannot correct', async () => {
    const w = await setup();
    await w.post({ kind: 'birth', date: '2026-05-01', head: '7', notes: '原备注' });
    const id = String((await HerdEventModel.findOne().lean())!._id);
    const sameTown = await makeUser(
      await makeOrg(w.town._id, { type: 'base', villageId: String(w.village._id), species: ['pig'] }),
      'base',
    );
    const otherTown = (await makeTownWithRoles()).users.base;
    for (const user of [sameTown, otherTown]) {
      await expectThrownStatus(herdEvent.loader(args(await requestAs(user, eventPath(id)), { id })), 404);
      await expectThrownStatus(
        herdEvent.action(args(await requestAs(user, eventPath(id), { form: { notes: '篡改' } }), { id })),
        404,
      );
    }
    for (const bad of ['nope', '000000000000000000000000']) {
      await expectThrownStatus(
        herdEvent.loader(args(await requestAs(w.users.base, eventPath(bad)), { id: bad })),
        404,
      );
    }
    const read = await herdEvent.loader(args(await requestAs(w.users.official, eventPath(id)), { id }));
    expect(read).toMatchObject({ event: { id, head: 7 }, canWrite: false });
    await expectThrownStatus(
      herdEvent.action(
        args(await requestAs(w.users.official, eventPath(id), { form: { notes: '篡改' } }), { id }),
      ),
      403,
    );
    expect((await HerdEventModel.findById(id).lean())?.notes).toBe('原备注');
    expect(await AuditEventModel.countDocuments({ entity: 'HerdEvent', action: 'update' })).toBe(0);
  });

  it('corrects notes, cause, buyer and price, audited; never head, date or kind', async () => {
    const w = await setup();
    await w.post({ kind: 'birth', date: '2026-05-01', head: '10' });
    await w.post({ kind: 'sale', date: '2026-05-02', head: '4', buyer: '九天', priceYuan: '100' });
    await w.post({ kind: 'death', date: '2026-05-03', head: '1', cause: '病' });
    const sale = (await HerdEventModel.findOne({ kind: 'sale' }).lean())!;
    const death = (await HerdEventModel.findOne({ kind: 'death' }).lean())!;
    const correct = async (id: string, form: Record<string, string>) =>
      herdEvent.action(args(await requestAs(w.users.base, eventPath(id), { form }), { id }));

    // fields the correction form does not have are refused, not quietly ignored
    for (const forged of [
      ['head', '40'],
      ['kind', 'birth'],
      ['date', '2026-01-01'],
    ]) {
      await expectThrownStatus(correct(String(sale._id), { buyer: '九天食品', [forged[0]]: forged[1] }), 400);
    }
    expect(await HerdEventModel.findById(sale._id).lean()).toMatchObject({ buyer: '九天', head: 4 });
    const fixed = await correct(String(sale._id), {
      buyer: '九天食品',
      priceYuan: '1200.5',
      notes: '补记发票号',
      cause: '不适用',
    });
    expect(statusOf(fixed)).toBe(302);
    expect(await HerdEventModel.findById(sale._id).lean()).toMatchObject({
      buyer: '九天食品',
      priceFen: 120050,
      notes: '补记发票号',
      cause: '',
      head: 4,
      kind: 'sale',
      date: sale.date,
      lotId: sale.lotId,
    });
    expect(await w.head()).toBe(5);
    const audit = await AuditEventModel.findOne({ entity: 'HerdEvent', action: 'update' }).lean();
    expect(audit).toMatchObject({ recordId: sale._id });
    expect([...audit!.changed].sort()).toEqual(['buyer', 'notes', 'priceFen']);

    // a death keeps its cause; a sale its buyer
    const noCause = await correct(String(death._id), { cause: '', notes: 'x' });
    expect(statusOf(noCause)).toBe(400);
    expect(errorsOf(noCause)).toEqual({ cause: ['v.required'] });
    const noBuyer = await correct(String(sale._id), { buyer: '' });
    expect(errorsOf(noBuyer)).toEqual({ buyer: ['v.required'] });
    expect(await HerdEventModel.findById(death._id).lean()).toMatchObject({ cause: '病', notes: '' });
    expect(await AuditEventModel.countDocuments({ entity: 'HerdEvent', action: 'update' })).toBe(1);
  });
});

describe('history months', () => {
  it('fills months without events with the previous count, across a year end', () => {
    expect(
      fillMonths(
        [
          { month: '2025-11', head: 5 },
          { month: '2026-02', head: 9 },
        ],
        '2026-03',
      ),
    ).toEqual([
      { month: '2025-11', head: 5 },
      { month: '2025-12', head: 5 },
      { month: '2026-01', head: 5 },
      { month: '2026-02', head: 9 },
      { month: '2026-03', head: 9 },
    ]);
    expect(fillMonths([], '2026-03')).toEqual([]);
  });
});

describe('herd sales to an enterprise in the app', () => {
  it('become a delivery of the sold lot, which passes to the buyer when it confirms', async () => {
    const w = await setup();
    expect(statusOf(await w.post({ kind: 'birth', date: '2026-01-10', head: '100' }))).toBe(302);
    // the price is needed to deliver at it; a birth has no buyer
    const noPrice = await w.post({
      kind: 'sale',
      date: '2026-03-01',
      head: '20',
      buyerOrgId: String(w.orgs.enterprise._id),
    });
    expect(errorsOf(noPrice).priceYuan).toEqual(['v.required']);
    const notSale = await w.post({
      kind: 'birth',
      date: '2026-03-01',
      head: '2',
      buyerOrgId: String(w.orgs.enterprise._id),
    });
    expect(errorsOf(notSale).buyerOrgId).toEqual(['v.invalidChoice']);
    const notEnterprise = await w.post({
      kind: 'sale',
      date: '2026-03-01',
      head: '20',
      priceYuan: '56000',
      buyerOrgId: String(w.orgs.plant._id),
    });
    expect(errorsOf(notEnterprise).buyerOrgId).toEqual(['v.invalidChoice']);
    expect(await w.head()).toBe(100);

    const res = await w.post({
      kind: 'sale',
      date: '2026-03-01',
      head: '20',
      weightKg: '2300',
      priceYuan: '56000',
      buyerOrgId: String(w.orgs.enterprise._id),
    });
    expect(statusOf(res)).toBe(302);
    const location = (res as Response).headers.get('Location')!;
    expect(location).toMatch(/^\/deliveries\/[0-9a-f]{24}$/);
    expect(await w.head()).toBe(80);
    const { DeliveryModel } = await import('#models/trade/delivery');
    const d = (await DeliveryModel.findById(location.split('/').pop()).lean())!;
    expect(d).toMatchObject({
      status: 'pending',
      contractId: null,
      buyerOrgId: w.orgs.enterprise._id,
      unit: 'head',
      // the 2,300 kg weighed at the sale travels with the delivery (its page shows it)
      liveWeightKg: 2300,
      submitted: { quantity: 20, unitFen: 280_000, amountFen: 5_600_000 },
    });
    const lotId = d.lines[0]!.lotId;
    expect((await LotModel.findById(lotId).lean())!.status).toBe('delivering');
    const { confirmDelivery } = await import('#models/trade/delivery');
    const ent = { access: 'own' as const, townId: w.town._id, orgId: w.orgs.enterprise._id };
    const confirmed = await confirmDelivery(ent, d._id, {
      userId: w.users.enterprise._id,
      username: w.users.enterprise.username,
      role: 'enterprise',
      orgId: w.orgs.enterprise._id,
      townId: w.town._id,
    });
    expect(confirmed?.ok).toBe(true);
    // the buyer now holds the lot and can open it
    expect((await LotModel.findById(lotId).lean())!).toMatchObject({
      status: 'delivered',
      holderOrgId: w.orgs.enterprise._id,
    });
  });
});
