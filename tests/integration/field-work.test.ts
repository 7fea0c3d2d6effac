// Field work as the people in the field do it (issue 8): homes that start the work, forms that
// ask nothing the app knows, yield flags that mean something, herd events voided properly.
import { describe, expect, it } from 'vitest';
import { getBase, HerdCountModel, HerdEventModel, EarTagModel, recordHerdEvent } from '#models/field/herd';
import { checkDatabase } from '#models/kernel/checks';
import { LotModel } from '#models/lots/lot';
import { OrganizationModel } from '#models/town/organization';
import { HarvestModel, PlantingModel } from '#models/field/planting';
import { ProductModel } from '#models/town/product';
import { SYSTEM_ACTOR } from '#models/kernel/audit';
import * as flagged from '~/routes/harvests.flagged';
import * as herdEvent from '~/routes/herd.events.$id';
import * as home from '~/routes/_index';
import * as labels from '~/routes/lots.labels';
import * as lotPage from '~/routes/lots.$code._index';
import * as harvestPage from '~/routes/plantings.$id.harvest';
import * as plantingPage from '~/routes/plantings.$id._index';
import * as plantingNew from '~/routes/plantings.new';
import { makeKudzu, makeProduct, makeTownWithRoles, makeVillage } from '#tests/factories';
import { args, expectThrownStatus, payloadOf, requestAs, statusOf } from '#tests/utils';

async function setup() {
  const w = await makeTownWithRoles();
  const kudzu = await makeKudzu(w.town._id);
  await ProductModel.updateOne({ _id: kudzu._id }, { $set: { growingDays: 240 } });
  await makeProduct(w.town._id, { code: 'SZ', name: '生猪', category: 'livestock', unit: 'head' });
  const newPlanting = async (form: Record<string, string> = {}) => {
    const res = (await plantingNew.action(
      args(
        await requestAs(w.users.cooperative, '/plantings/new', {
          form: {
            villageId: String(w.village._id),
            productId: String(kudzu._id),
            areaMu: '1',
            households: '2',
            plantedOn: '2026-03-01',
            ...form,
          },
        }),
      ),
    )) as Response;
    expect(res.status).toBe(302);
    return res.headers.get('Location')!.split('/').pop()!;
  };
  const harvest = async (id: string, form: Record<string, string>) =>
    harvestPage.action(
      args(
        await requestAs(w.users.cooperative, `/plantings/${id}/harvest`, {
          form: { harvestedOn: '2026-10-01', unit: 'kg', grade: 'grade1', ...form },
        }),
        { id },
      ),
    );
  return { ...w, kudzu, newPlanting, harvest };
}

const flashOf = (res: unknown) => {
  const cookie = (res as Response).headers.get('Set-Cookie') ?? '';
  const value = /xl_flash=([^;]+)/.exec(cookie)?.[1];
  return value ? JSON.parse(Buffer.from(decodeURIComponent(value), 'base64').toString('utf8')) : null;
};

describe("a cooperative's home starts the harvest", () => {
  it('lists the plantings it is harvesting by village · crop · 亩 · plot, each one tap from its form', async () => {
    const w = await setup();
    const thisYear = await w.newPlanting({
      plantedOn: `${new Date().getFullYear()}-03-01`,
      plotName: '后山',
    });
    const lastYear = await w.newPlanting({
      plantedOn: `${new Date().getFullYear() - 1}-04-01`,
      areaMu: '2.5',
    });
    const lastYearDone = await w.newPlanting({ plantedOn: `${new Date().getFullYear() - 1}-04-02` });
    await PlantingModel.updateOne({ _id: lastYearDone }, { $set: { finishedAt: new Date() } });
    const page = await home.loader(args(await requestAs(w.users.cooperative, '/')));
    if (page.home.kind !== 'cooperative') throw new Error('not a cooperative home');
    expect(page.home.plantings.map((p) => p.id)).toEqual([thisYear, lastYear]);
    expect(page.home.plantings[0]).toMatchObject({
      village: w.village.name,
      crop: { zh: '鲜葛根' },
      areaMu: 1,
      plotName: '后山',
    });
    // another cooperative's home does not list them
    const other = await makeTownWithRoles();
    const theirs = await home.loader(args(await requestAs(other.users.cooperative, '/')));
    expect(theirs.home).toMatchObject({ kind: 'cooperative', plantings: [] });
  });

  it('the harvest form starts from today, the cooperative’s 斤, then the unit and grade used last time', async () => {
    const w = await setup();
    const id = await w.newPlanting();
    const first = await harvestPage.loader(
      args(await requestAs(w.users.cooperative, `/plantings/${id}/harvest`), { id }),
    );
    // a cooperative's very first harvest is weighed in 斤, as its clerks weigh
    expect(first.defaults).toMatchObject({ unit: 'jin', grade: 'mixed' });
    await w.harvest(id, { quantity: '0.6', unit: 'ton', grade: 'grade2' });
    const next = await harvestPage.loader(
      args(await requestAs(w.users.cooperative, `/plantings/${id}/harvest`), { id }),
    );
    expect(next.defaults).toMatchObject({ unit: 'ton', grade: 'grade2' });
    expect(next.defaults.harvestedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a planting form proposes the only village served and the only crop grown; the expected harvest follows the crop', async () => {
    const w = await setup();
    const first = await plantingNew.loader(args(await requestAs(w.users.cooperative, '/plantings/new')));
    expect(first.defaults).toMatchObject({ villageId: String(w.village._id) });
    expect(first.defaults.productId).toBeUndefined(); // nothing planted yet: no crop to assume
    // the village list offers only villages it serves
    await makeVillage(w.town._id, { name: '不服务村' });
    expect(first.choices.villages.map((v) => v.label)).toEqual([w.village.name]);
    const id = await w.newPlanting({ plantedOn: '2026-03-01' });
    expect((await PlantingModel.findById(id).lean())!.expectedHarvestOn!.toISOString()).toBe(
      new Date(Date.UTC(2026, 2, 1) - 8 * 3600_000 + 240 * 86_400_000).toISOString(),
    );
    const again = await plantingNew.loader(args(await requestAs(w.users.cooperative, '/plantings/new')));
    expect(again.defaults.productId).toBe(String(w.kudzu._id));
    // a second village served: no village is assumed
    const second = await makeVillage(w.town._id);
    await OrganizationModel.updateOne({ _id: w.orgs.cooperative._id }, { $push: { villageIds: second._id } });
    const two = await plantingNew.loader(args(await requestAs(w.users.cooperative, '/plantings/new')));
    expect(two.defaults.villageId).toBeUndefined();
  });
});

describe('yield flags', () => {
  it('small first picks are not flagged; a total beyond 1.25 × the top is, at once, and the clerk is told why', async () => {
    const w = await setup();
    const id = await w.newPlanting({ areaMu: '1' }); // kudzu: 2,000–3,000 kg/亩
    for (const quantity of ['250', '300']) {
      const res = await w.harvest(id, { quantity });
      expect(statusOf(res)).toBe(302);
      expect(flashOf(res)).toMatch(/^harvest\.saved\|/);
    }
    expect(await HarvestModel.countDocuments({ flag: { $ne: null } })).toBe(0);
    // the harvest that takes the plot to 6,033 kg/亩 is asked about first, and nothing is saved
    const asked = await w.harvest(id, { quantity: '5483' });
    expect(statusOf(asked)).toBe(400);
    expect(JSON.stringify(payloadOf(asked))).toMatch(
      /harvest\.confirmHigh\|\{\\"yield\\":6033,\\"max\\":3000\}/,
    );
    expect(await HarvestModel.countDocuments()).toBe(2);
    expect(await LotModel.countDocuments()).toBe(2);
    // 确认保存: the same figure, saved and flagged for the officials
    const big = await w.harvest(id, { quantity: '5483', confirmHigh: 'on' });
    expect(flashOf(big)).toMatch(/^harvest\.savedFlagged_yieldHigh\|/);
    expect(JSON.parse(flashOf(big).split('|')[1])).toMatchObject({ yield: 6033, max: 3000 });
    const flags = await HarvestModel.find().sort({ harvestedOn: 1, _id: 1 }).select('flag').lean();
    expect(flags.map((h) => h.flag)).toEqual([null, null, 'yieldHigh']);
  });

  it('a low total is flagged only once the harvest is marked finished, and not after it is reopened', async () => {
    const w = await setup();
    const id = await w.newPlanting({ areaMu: '2' });
    await w.harvest(id, { quantity: '300' });
    await w.harvest(id, { quantity: '200' }); // 250 kg/亩, under half of 2,000
    expect(await HarvestModel.countDocuments({ flag: 'yieldLow' })).toBe(0);
    const post = async (intent: string) =>
      plantingPage.action(
        args(await requestAs(w.users.cooperative, `/plantings/${id}`, { form: { intent } }), { id }),
      );
    expect(statusOf(await post('finish'))).toBe(302);
    const flags = await HarvestModel.find().sort({ harvestedOn: 1, _id: 1 }).select('flag').lean();
    expect(flags.map((h) => h.flag)).toEqual([null, 'yieldLow']);
    expect(statusOf(await post('reopen'))).toBe(302);
    expect(await HarvestModel.countDocuments({ flag: 'yieldLow' })).toBe(0);
    expect((await checkDatabase({ exclusive: true })).problems).toEqual([]);
  });

  it('an official marks a flag checked with a note; it leaves the list to check; a cooperative cannot', async () => {
    const w = await setup();
    const id = await w.newPlanting({ areaMu: '1' });
    await w.harvest(id, { quantity: '4000', confirmHigh: 'on' });
    const harvest = (await HarvestModel.findOne({ flag: 'yieldHigh' }).lean())!;
    const list = async () => flagged.loader(args(await requestAs(w.users.official, '/harvests/flagged')));
    expect((await list()).harvests.map((h) => h.id)).toEqual([String(harvest._id)]);
    await expectThrownStatus(
      flagged.action(
        args(
          await requestAs(w.users.cooperative, '/harvests/flagged', {
            form: { harvestId: String(harvest._id), note: '自己核实' },
          }),
        ),
      ),
      403,
    );
    const res = await flagged.action(
      args(
        await requestAs(w.users.official, '/harvests/flagged', {
          form: { harvestId: String(harvest._id), note: '实地核查：地块实为 2 亩' },
        }),
      ),
    );
    expect(statusOf(res)).toBe(302);
    expect((await HarvestModel.findById(harvest._id).lean())!.flagCheck).toMatchObject({
      by: w.users.official.username,
      note: '实地核查：地块实为 2 亩',
    });
    expect((await list()).harvests).toEqual([]);
    const withChecked = await flagged.loader(
      args(await requestAs(w.users.official, '/harvests/flagged?checked=1')),
    );
    expect(withChecked.harvests).toHaveLength(1);
  });
});

describe('voiding a herd event', () => {
  it('a mistaken birth is voided by a reversing entry: the count, the tags and the history follow, once', async () => {
    const w = await setup();
    const base = (await getBase(w.orgs.base._id))!;
    const tag = (i: number) => `1${base.countyCode}${String(i).padStart(8, '0')}`;
    const actor = { ...SYSTEM_ACTOR, userId: w.users.base._id, username: 'base', role: 'base' };
    const birth = await recordHerdEvent(
      base,
      {
        kind: 'birth',
        species: 'pig',
        date: '2026-05-01',
        head: 2,
        earTags: `${tag(1)} ${tag(2)}`,
        notes: '',
        cause: '',
        buyer: '',
      },
      actor,
    );
    if (!birth.ok) throw new Error('birth not recorded');
    const post = async () =>
      herdEvent.action(
        args(
          await requestAs(w.users.base, `/herd/events/${birth.id}`, {
            form: { intent: 'reverse', reverseNote: '录错了，实际未产仔' },
          }),
          { id: String(birth.id) },
        ),
      );
    expect(statusOf(await post())).toBe(302);
    expect((await HerdCountModel.findOne().lean())!.head).toBe(0);
    expect(await EarTagModel.countDocuments()).toBe(0); // the tags are free for the animals that carry them
    const events = await HerdEventModel.find().sort({ _id: 1 }).lean();
    expect(events.map((e) => [e.kind, e.delta, !!e.reverses, !!e.reversedBy])).toEqual([
      ['birth', 2, false, true],
      ['birth', -2, true, false],
    ]);
    // a second voiding of the same record is refused and changes nothing
    const again = await post();
    expect(statusOf(again)).toBe(400);
    expect(payloadOf<{ result: { error?: Record<string, string[]> } }>(again).result.error?.['']).toEqual([
      'herd.alreadyReversed',
    ]);
    expect(await HerdEventModel.countDocuments()).toBe(2);
    expect((await checkDatabase({ exclusive: true })).problems).toEqual([]);
  });

  it('a mistaken sale is voided: the animals come back, the lot is voided, the sold lot showed buyer, weight and price', async () => {
    const w = await setup();
    const base = (await getBase(w.orgs.base._id))!;
    const actor = { ...SYSTEM_ACTOR, userId: w.users.base._id, username: 'base', role: 'base' };
    await recordHerdEvent(
      base,
      {
        kind: 'birth',
        species: 'pig',
        date: '2026-05-01',
        head: 10,
        earTags: '',
        notes: '',
        cause: '',
        buyer: '',
      },
      actor,
    );
    const sale = await recordHerdEvent(
      base,
      {
        kind: 'sale',
        species: 'pig',
        date: '2026-06-01',
        head: 4,
        earTags: '',
        notes: '',
        cause: '',
        buyer: '九天食品',
        weightKg: 480,
        priceYuan: 9600,
      },
      actor,
    );
    if (!sale.ok) throw new Error('sale not recorded');
    const lot = await lotPage.loader(
      args(await requestAs(w.users.base, `/lots/${sale.lotCode}`), { code: sale.lotCode }),
    );
    expect(lot.details.sale).toMatchObject({ buyer: '九天食品', weightKg: 480, priceFen: 960_000 });
    const res = await herdEvent.action(
      args(
        await requestAs(w.users.base, `/herd/events/${sale.id}`, {
          form: { intent: 'reverse', reverseNote: '' },
        }),
        {
          id: String(sale.id),
        },
      ),
    );
    expect(statusOf(res)).toBe(302);
    expect((await HerdCountModel.findOne().lean())!.head).toBe(10);
    expect((await LotModel.findOne({ code: sale.lotCode }).lean())!.status).toBe('voided');
    expect((await checkDatabase({ exclusive: true })).problems).toEqual([]);
  });
});

describe('lots', () => {
  it('print several labels at once, only of lots the user may see', async () => {
    const w = await setup();
    const id = await w.newPlanting();
    await w.harvest(id, { quantity: '100' });
    await w.harvest(id, { quantity: '200' });
    const codes = (await LotModel.find().sort({ code: 1 }).lean()).map((l) => l.code);
    const page = await labels.loader(
      args(
        await requestAs(
          w.users.cooperative,
          `/lots/labels?${codes.map((c) => `code=${c}`).join('&')}&code=NOPE-1`,
        ),
      ),
    );
    expect(page.labels.map((l) => l.code)).toEqual(codes);
    expect(page.labels[0].qrSvg).toContain('<svg');
    const stranger = await makeTownWithRoles();
    const theirs = await labels.loader(
      args(await requestAs(stranger.users.cooperative, `/lots/labels?code=${codes[0]}`)),
    );
    expect(theirs.labels).toEqual([]);
  });
});
