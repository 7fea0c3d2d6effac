import { describe, expect, it } from 'vitest';
import { AuditEventModel } from '#models/audit';
import { EarTagModel, HerdCountModel, HerdEventModel, herdHistory } from '#models/herd';
import { LotModel } from '#models/lot';
import * as herdEvent from '~/routes/herd.events.$id';
import * as herdPage from '~/routes/herd._index';
import * as herdNew from '~/routes/herd.new';
import { makeProduct, makeTownWithRoles } from '#tests/factories';
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
  return { ...w, post, head };
}

const tag = (serial: number) => `1430822${String(serial).padStart(8, '0')}`;

describe('herd events', () => {
  it('births, deaths and sales move the head count; a sale becomes a lot; all audited', async () => {
    const w = await setup();
    expect(statusOf(await w.post({ kind: 'birth', date: '2026-01-10', head: '100' }))).toBe(302);
    expect(statusOf(await w.post({ kind: 'death', date: '2026-02-03', head: '10', cause: '猪瘟' }))).toBe(
      302,
    );
    const sale = (await w.post({
      kind: 'sale',
      date: '2026-03-20',
      head: '30',
      buyer: '九天食品',
      weightKg: '3300',
      priceYuan: '56100.50',
    })) as Response;
    expect(sale.status).toBe(302);
    expect(await w.head()).toBe(60);
    const event = await HerdEventModel.findOne({ kind: 'sale' }).lean();
    expect(event).toMatchObject({
      head: 30,
      delta: -30,
      priceFen: 5610050,
      weightKg: 3300,
      buyer: '九天食品',
    });
    const lot = await LotModel.findById(event!.lotId).lean();
    expect(lot).toMatchObject({
      code: `${w.town.code}-SZ-20260320-001`,
      unit: 'head',
      quantity: 30,
      holderOrgId: w.orgs.base._id,
      origin: {
        kind: 'herd_sale',
        baseId: w.orgs.base._id,
        herdEventId: event!._id,
        villageId: w.village._id,
      },
    });
    expect(await AuditEventModel.countDocuments({ entity: 'HerdEvent', action: 'create' })).toBe(3);

    const scope = { access: 'own' as const, townId: w.town._id, orgId: w.orgs.base._id };
    const history = await herdHistory(scope, w.orgs.base._id, 'pig', new Date('2026-05-15T00:00:00Z'));
    expect(history.map((p) => [p.month, p.head])).toEqual([
      ['2026-01', 100],
      ['2026-02', 90],
      ['2026-03', 60],
      ['2026-04', 60],
      ['2026-05', 60],
    ]);
    const page = await herdPage.loader(args(await requestAs(w.users.base, '/herd')));
    expect(page.counts).toEqual([{ baseId: String(w.orgs.base._id), species: 'pig', head: 60 }]);
    expect(page.histories[0].points.slice(0, 3).map((p) => p.head)).toEqual([100, 90, 60]);
  });

  it('never lets the count go below zero, now or at a back-dated moment', async () => {
    const w = await setup();
    await w.post({ kind: 'purchase', date: '2026-05-01', head: '20' });
    const tooMany = await w.post({ kind: 'death', date: '2026-05-02', head: '21', cause: '病' });
    expect(errorsOf(tooMany).head?.[0]).toBe('herd.notEnough|{"available":20}');
    // before the purchase there were none
    const backdated = await w.post({ kind: 'sale', date: '2026-04-01', head: '1', buyer: 'x' });
    expect(errorsOf(backdated).head?.[0]).toBe('herd.notEnough|{"available":0}');
    expect(await w.head()).toBe(20);
    expect(await HerdEventModel.countDocuments()).toBe(1);
  });

  it('concurrent removals can never overdraw the herd', async () => {
    const w = await setup();
    await w.post({ kind: 'birth', date: '2026-05-01', head: '10' });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => w.post({ kind: 'death', date: '2026-05-02', head: '3', cause: '病' })),
    );
    expect(results.filter((r) => statusOf(r) === 302).length).toBe(3);
    expect(await w.head()).toBe(1);
    expect(await HerdEventModel.countDocuments({ kind: 'death' })).toBe(3);
  });

  it('validates ear tags: format, species digit, county, count, duplicates, and the herd they are in', async () => {
    const w = await setup();
    const bad = async (earTags: string, head = '2', kind = 'birth') =>
      errorsOf(await w.post({ kind, date: '2026-05-01', head, earTags, cause: 'x', buyer: 'y' })).earTags;
    expect(await bad('12345, 1430822000000001')).toEqual([expect.stringMatching(/^herd\.tagFormat/)]);
    expect(await bad(`${tag(1)}\n2430822${'00000002'}`)).toEqual([
      expect.stringMatching(/^herd\.tagSpecies/),
    ]);
    expect(await bad(`${tag(1)} ${tag(1)}`)).toEqual([expect.stringMatching(/^herd\.tagDuplicate/)]);
    expect(await bad(tag(1), '2')).toEqual(['herd.tagCount|{"count":1,"head":2}']);
    expect(await bad(`1110101${'00000001'},1110101${'00000002'}`)).toEqual([
      expect.stringMatching(/^herd\.tagCounty/),
    ]);
    expect(await HerdEventModel.countDocuments()).toBe(0);

    expect(
      statusOf(
        await w.post({ kind: 'birth', date: '2026-05-01', head: '2', earTags: `${tag(1)},${tag(2)}` }),
      ),
    ).toBe(302);
    expect(await bad(`${tag(2)},${tag(3)}`)).toEqual([expect.stringMatching(/^herd\.tagTaken/)]);
    expect(await bad(`${tag(2)},${tag(9)}`, '2', 'death')).toEqual([
      expect.stringMatching(/^herd\.tagNotInHerd/),
    ]);
    expect(
      statusOf(await w.post({ kind: 'death', date: '2026-05-03', head: '1', cause: '病', earTags: tag(2) })),
    ).toBe(302);
    expect((await EarTagModel.findById(tag(2)).lean())?.status).toBe('dead');
    expect(await bad(tag(2), '1', 'death')).toEqual([expect.stringMatching(/^herd\.tagNotInHerd/)]);
  });

  it('rejects bad input with field messages and writes nothing', async () => {
    const w = await setup();
    const cases: [Record<string, string>, Record<string, string[]>][] = [
      [{ kind: 'birth', date: '2026-05-01', head: '0' }, { head: ['v.positive'] }],
      [{ kind: 'birth', date: '2099-05-01', head: '1' }, { date: ['v.futureDate'] }],
      [{ kind: 'death', date: '2026-05-01', head: '1' }, { cause: ['v.required'] }],
      [{ kind: 'sale', date: '2026-05-01', head: '1' }, { buyer: ['v.required'] }],
      [
        { kind: 'birth', date: '2026-05-01', head: '1', species: 'cattle' },
        { species: ['herd.speciesNotKept'] },
      ],
      [{ kind: 'escape', date: '2026-05-01', head: '1' }, { kind: ['v.invalidChoice'] }],
    ];
    for (const [form, errors] of cases) {
      const result = await w.post(form);
      expect(statusOf(result), JSON.stringify(form)).toBe(400);
      expect(errorsOf(result), JSON.stringify(form)).toMatchObject(errors);
    }
    expect(await HerdEventModel.countDocuments()).toBe(0);
    expect(await w.head()).toBe(0);
  });

  it('a sale needs the live-animal product in the catalog', async () => {
    const w = await makeTownWithRoles();
    await herdNew.action(
      args(
        await requestAs(w.users.base, '/herd/new', {
          form: { species: 'pig', kind: 'birth', date: '2026-05-01', head: '5' },
        }),
      ),
    );
    const sale = await herdNew.action(
      args(
        await requestAs(w.users.base, '/herd/new', {
          form: { species: 'pig', kind: 'sale', date: '2026-05-02', head: '1', buyer: 'x' },
        }),
      ),
    );
    expect(errorsOf(sale).kind).toEqual(['herd.noProduct|{"code":"SZ"}']);
    expect(await LotModel.countDocuments()).toBe(0);
  });

  it('only the base records; officials read; other bases’ events are 404', async () => {
    const w = await setup();
    await expectThrownStatus(
      herdNew.action(
        args(
          await requestAs(w.users.cooperative, '/herd/new', {
            form: { kind: 'birth', date: '2026-05-01', head: '1' },
          }),
        ),
      ),
      403,
    );
    await expectThrownStatus(
      herdNew.action(
        args(
          await requestAs(w.users.official, '/herd/new', {
            form: { kind: 'birth', date: '2026-05-01', head: '1' },
          }),
        ),
      ),
      403,
    );
    await w.post({ kind: 'birth', date: '2026-05-01', head: '7' });
    const official = await herdPage.loader(args(await requestAs(w.users.official, '/herd')));
    expect(official.counts.map((c) => c.head)).toEqual([7]);
    expect(official.canWrite).toBe(false);

    const id = String((await HerdEventModel.findOne().lean())!._id);
    const other = await makeTownWithRoles();
    await expectThrownStatus(
      herdEvent.loader(args(await requestAs(other.users.base, `/herd/events/${id}`), { id })),
      404,
    );
    await expectThrownStatus(
      herdEvent.action(
        args(await requestAs(other.users.base, `/herd/events/${id}`, { form: { notes: '篡改' } }), { id }),
      ),
      404,
    );
    const fixed = await herdEvent.action(
      args(await requestAs(w.users.base, `/herd/events/${id}`, { form: { notes: '更正备注' } }), { id }),
    );
    expect(statusOf(fixed)).toBe(302);
    expect((await HerdEventModel.findById(id).lean())?.notes).toBe('更正备注');
    expect((await HerdEventModel.findById(id).lean())?.head).toBe(7);
  });
});

describe('history months', () => {
  it('fills months without events with the previous count, across a year end', async () => {
    const { fillMonths } = await import('#models/herd');
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
