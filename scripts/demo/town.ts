// The demo town, modelled on 利福塔镇 (桑植县, Hunan). `npm start` and `npm run seed` load it
// into an empty database; the end-to-end tests use it too.
import type { Types } from 'mongoose';
import { acceptContract, createContract, type NewContract } from '#models/trade/contract';
import { getBase, recordHerdEvent } from '#models/field/herd';
import { setPrice } from '#models/trade/price';
import { TownModel } from '#models/town/town';
import { createPlanting, recordHarvest } from '#models/field/planting';
import type { HerdEventInput } from '~/schemas/herd';
import type { Actor } from '#models/kernel/audit';
import { issueToken } from '#models/town/api-token';
import { ContractModel } from '#models/trade/contract';
import {
  adjustDelivery,
  confirmDelivery,
  DeliveryModel,
  disputeDelivery,
  payDelivery,
  submitDelivery,
} from '#models/trade/delivery';
import { LotModel } from '#models/lots/lot';
import { updateRecord } from '#models/kernel/write';
import type { Grade } from '~/domain/planting';
import { shanghaiMidnight } from '~/utils/dates';
import { seedDashboardHistory } from './dashboard';
import { seedHouseholds } from './households';
import { seedPlant } from './plant';
import { seedColdChain } from './coldchain';
import { DEMO_API_TOKEN } from './accounts';
import { makeOrg, makeProduct, makeTown, makeUser, makeVillage } from './factories';

export { DEMO_ACCOUNTS, DEMO_API_TOKEN, DEMO_DEVICE_TOKEN, DEMO_PLANT_TOKEN } from './accounts';

export async function buildDemoTown() {
  const town = await makeTown({ name: '利福塔镇', code: 'LFT', county: '桑植县', countyCode: '430822' });
  const villages = Object.fromEntries(
    await Promise.all(
      (
        [
          ['青龙村', 412],
          ['凤栖村', 386],
          ['金家台村', 298],
          ['赤溪村', 335],
          ['舒家坪村', 267],
          ['白龙村', 451],
        ] as const
      ).map(async ([name, households]) => [name, await makeVillage(town._id, { name, households })] as const),
    ),
  );
  const id = (name: string) => String(villages[name]._id);

  const products = {
    freshKudzu: await makeProduct(town._id, {
      code: 'GG',
      name: '鲜葛根',
      nameEn: 'Fresh kudzu root',
      category: 'crop',
      unit: 'kg',
      minC: 4,
      maxC: 15,
      toleranceMinutes: 120,
      humidityMin: 85,
      humidityMax: 95,
      yieldMinKgPerMu: 2000,
      yieldMaxKgPerMu: 3000,
    }),
    kudzuStarch: await makeProduct(town._id, {
      code: 'GGF',
      name: '葛根粉',
      nameEn: 'Kudzu starch',
      category: 'processed',
      unit: 'kg',
      minC: 0,
      maxC: 25,
      toleranceMinutes: 240,
      humidityMax: 65,
    }),
    sweetPotato: await makeProduct(town._id, {
      code: 'XXS',
      name: '小香薯',
      nameEn: 'Mini sweet potato',
      category: 'crop',
      unit: 'kg',
      minC: 12.5,
      maxC: 15,
      toleranceMinutes: 60,
      budgetMinutes: 180,
      intervalMinutes: 10,
      humidityMin: 85,
      humidityMax: 90,
      yieldMinKgPerMu: 1000,
      yieldMaxKgPerMu: 2500,
    }),
    livePig: await makeProduct(town._id, {
      code: 'SZ',
      name: '生猪',
      nameEn: 'Live pig',
      category: 'livestock',
      unit: 'head',
      minC: 5,
      maxC: 30,
      toleranceMinutes: 60,
    }),
    chilledPork: await makeProduct(town._id, {
      code: 'LXZR',
      name: '冷鲜猪肉',
      nameEn: 'Chilled pork',
      category: 'meat',
      unit: 'kg',
      minC: 0,
      maxC: 4,
      toleranceMinutes: 30,
      budgetMinutes: 90,
      intervalMinutes: 5,
    }),
    frozenPork: await makeProduct(town._id, {
      code: 'DZR',
      name: '冷冻猪肉',
      nameEn: 'Frozen pork',
      category: 'meat',
      unit: 'kg',
      maxC: -18,
      toleranceMinutes: 30,
    }),
  };

  const platform = await makeOrg(null, { type: 'platform', name: '乡链平台运营' });
  const orgs = {
    government: await makeOrg(town._id, {
      type: 'government',
      name: '利福塔镇人民政府',
      contactName: '镇农业办',
    }),
    qinglong: await makeOrg(town._id, {
      type: 'cooperative',
      name: '青龙村小香薯专业合作社',
      contactName: '向明华',
      phone: '0744-6221001',
      villageIds: [id('青龙村')],
      memberHouseholds: 86,
    }),
    fengqi: await makeOrg(town._id, {
      type: 'cooperative',
      name: '凤栖葛根种植专业合作社',
      contactName: '钟桂英',
      phone: '0744-6221002',
      villageIds: [id('凤栖村'), id('金家台村'), id('赤溪村'), id('舒家坪村')],
      memberHouseholds: 143,
    }),
    jiutian: await makeOrg(town._id, {
      type: 'enterprise',
      name: '张家界九天食品有限公司',
      level: 'provincial',
    }),
    xiangziwei: await makeOrg(town._id, {
      type: 'enterprise',
      name: '张家界市乡滋味农产品有限公司',
      level: 'city',
    }),
    plant: await makeOrg(town._id, {
      type: 'plant',
      name: '利福塔葛根加工厂',
      owner: '张家界九天食品有限公司',
    }),
    carrier: await makeOrg(town._id, { type: 'carrier', name: '利福塔冷链物流' }),
    kangqian: await makeOrg(town._id, {
      type: 'base',
      name: '康茜公司三岔湾养殖基地',
      villageId: id('白龙村'),
      site: '白龙村三岔湾',
      species: ['pig'],
    }),
  };

  const users = {
    admin: await makeUser(platform, 'admin', { username: 'admin', displayName: '系统管理员' }),
    official: await makeUser(orgs.government, 'official', { username: 'official', displayName: '李镇长' }),
    coopQinglong: await makeUser(orgs.qinglong, 'cooperative', {
      username: 'coop-qinglong',
      displayName: '向明华',
    }),
    coopFengqi: await makeUser(orgs.fengqi, 'cooperative', {
      username: 'coop-fengqi',
      displayName: '钟桂英',
    }),
    entJiutian: await makeUser(orgs.jiutian, 'enterprise', {
      username: 'ent-jiutian',
      displayName: '九天采购部',
    }),
    entXiangziwei: await makeUser(orgs.xiangziwei, 'enterprise', {
      username: 'ent-xiangziwei',
      displayName: '乡滋味采购部',
    }),
    plant: await makeUser(orgs.plant, 'plant', { username: 'plant-jiutian', displayName: '加工厂过磅员' }),
    carrier: await makeUser(orgs.carrier, 'carrier', { username: 'carrier-lft', displayName: '冷链调度' }),
    base: await makeUser(orgs.kangqian, 'base', { username: 'base-kangqian', displayName: '康茜基地场长' }),
  };

  await buildDemoRecords({ town, villages, products, orgs, users });
  await seedHouseholds({ town, villages, products, orgs, users });
  await seedDashboardHistory({ town, villages, products, orgs, users });
  await seedPlant({ town, villages, products, orgs, users });
  await seedColdChain({ town, villages, products, orgs, users });
  return { town, villages, products, platform, orgs, users };
}

/** A season of field records: plantings and harvests (with their lots) and the base's herd. */
async function buildDemoRecords(d: {
  town: { _id: Types.ObjectId };
  villages: Record<string, { _id: Types.ObjectId }>;
  products: Record<string, { _id: Types.ObjectId }>;
  orgs: Record<string, { _id: Types.ObjectId; townId: Types.ObjectId | null }>;
  users: Record<string, { _id: Types.ObjectId; username: string }>;
}) {
  const actor = (
    user: { _id: Types.ObjectId; username: string },
    role: string,
    org: { _id: Types.ObjectId },
  ) => ({
    userId: user._id,
    username: user.username,
    role,
    orgId: org._id,
    townId: d.town._id,
  });
  const plant = async (
    org: { _id: Types.ObjectId },
    user: { _id: Types.ObjectId; username: string },
    village: string,
    product: { _id: Types.ObjectId },
    areaMu: number,
    households: number,
    plantedOn: string,
    harvests: [string, number, 'grade1' | 'grade2' | 'mixed'][],
  ) => {
    const who = actor(user, 'cooperative', org);
    const p = await createPlanting(
      { townId: d.town._id, orgId: org._id },
      {
        villageId: String(d.villages[village]._id),
        productId: String(product._id),
        areaMu,
        households,
        plantedOn,
        plotName: '',
        notes: '',
      },
      who,
    );
    const scope = { access: 'own' as const, townId: d.town._id, orgId: org._id };
    for (const [harvestedOn, kg, grade] of harvests) {
      await recordHarvest(scope, p._id, { harvestedOn, quantity: kg, unit: 'kg', grade, notes: '' }, who);
    }
  };
  const { fengqi, qinglong } = d.orgs;
  await plant(qinglong, d.users.coopQinglong, '青龙村', d.products.sweetPotato, 120, 46, '2026-04-08', [
    ['2026-08-20', 90_000, 'grade1'],
    ['2026-08-27', 85_000, 'grade2'],
  ]);
  await plant(qinglong, d.users.coopQinglong, '青龙村', d.products.sweetPotato, 60, 21, '2026-05-02', [
    ['2026-09-15', 95_000, 'mixed'],
  ]);
  await plant(fengqi, d.users.coopFengqi, '凤栖村', d.products.freshKudzu, 200, 58, '2025-03-12', [
    ['2025-11-18', 260_000, 'grade1'],
    ['2025-11-25', 230_000, 'grade2'],
  ]);
  await plant(fengqi, d.users.coopFengqi, '金家台村', d.products.freshKudzu, 150, 37, '2026-03-20', [
    ['2026-10-15', 210_000, 'grade1'],
  ]);
  await plant(fengqi, d.users.coopFengqi, '赤溪村', d.products.freshKudzu, 80, 25, '2026-03-25', [
    ['2026-10-15', 330_000, 'mixed'],
  ]);
  await plant(fengqi, d.users.coopFengqi, '舒家坪村', d.products.freshKudzu, 90, 29, '2026-04-02', []);

  const base = (await getBase(d.orgs.kangqian._id))!;
  const who = actor(d.users.base, 'base', d.orgs.kangqian);
  const herd: Partial<HerdEventInput>[] = [
    { kind: 'purchase', date: '2026-01-08', head: 1200, notes: '首批仔猪' },
    { kind: 'birth', date: '2026-03-15', head: 640 },
    { kind: 'death', date: '2026-04-02', head: 18, cause: '仔猪腹泻' },
    { kind: 'purchase', date: '2026-05-20', head: 900 },
    {
      kind: 'sale',
      date: '2026-07-10',
      head: 420,
      buyer: '张家界九天食品有限公司',
      weightKg: 48_300,
      priceYuan: 772_800,
    },
    { kind: 'birth', date: '2026-08-18', head: 780 },
    { kind: 'slaughter', date: '2026-10-09', head: 260, weightKg: 29_900 },
  ];
  for (const e of herd) {
    const result = await recordHerdEvent(
      base,
      { species: 'pig', earTags: '', cause: '', buyer: '', notes: '', ...e } as HerdEventInput,
      who,
    );
    if (!result.ok) throw new Error(`demo herd event refused: ${JSON.stringify(result.errors)}`);
  }

  // offtake contracts: two active (both parties accepted), one waiting for the base
  const town = (await TownModel.findById(d.town._id).lean())!;
  const official = actor(d.users.official, 'official', d.orgs.government);
  const contract = async (
    buyer: 'jiutian' | 'xiangziwei',
    seller: 'fengqi' | 'qinglong' | 'kangqian',
    product: { _id: Types.ObjectId },
    terms: Partial<NewContract> &
      Pick<NewContract, 'unit' | 'committedQty' | 'windowStart' | 'windowEnd' | 'floorFen'>,
    sellerUser: { _id: Types.ObjectId; username: string } | null,
  ) => {
    const c = await createContract(
      {
        townId: d.town._id,
        buyerOrgId: d.orgs[buyer]._id,
        sellerOrgId: d.orgs[seller]._id,
        productId: product._id,
        market: { kind: 'none', percent: null },
        grades: [],
        moistureFreePct: 0,
        impurityFreePct: 0,
        depositFen: 0,
        overageAllowed: false,
        notes: '',
        schedule: [],
        ...terms,
      },
      town.code,
      official,
      null,
    );
    const scopeOf = (org: { _id: Types.ObjectId }) => ({
      access: 'own' as const,
      townId: d.town._id,
      orgId: org._id,
    });
    const buyerUser = buyer === 'jiutian' ? d.users.entJiutian : d.users.entXiangziwei;
    await acceptContract(
      scopeOf(d.orgs[buyer]),
      c._id,
      'buyer',
      actor(buyerUser, 'enterprise', d.orgs[buyer]),
    );
    if (sellerUser) {
      const role = seller === 'kangqian' ? 'base' : 'cooperative';
      await acceptContract(scopeOf(d.orgs[seller]), c._id, 'seller', actor(sellerUser, role, d.orgs[seller]));
    }
    return c._id;
  };
  const kudzuTerms = {
    floorFen: 160,
    market: { kind: 'higher' as const, percent: null },
    grades: [
      { grade: 'grade1' as const, kind: 'adjust' as const, fen: 20 },
      { grade: 'grade2' as const, kind: 'adjust' as const, fen: 0 },
      { grade: 'grade3' as const, kind: 'adjust' as const, fen: -30 },
    ],
    moistureFreePct: 14,
    impurityFreePct: 2,
  };
  // last season's contract, fulfilled
  const kudzu2025 = await contract(
    'jiutian',
    'fengqi',
    d.products.freshKudzu,
    {
      ...kudzuTerms,
      unit: 'kg',
      committedQty: 600_000,
      windowStart: '2025-10-01',
      windowEnd: '2026-01-31',
      floorFen: 150,
      depositFen: 2_000_000,
      notes: '2025 年度鲜葛根收购',
    },
    d.users.coopFengqi,
  );
  const kudzu2026 = await contract(
    'jiutian',
    'fengqi',
    d.products.freshKudzu,
    {
      unit: 'kg',
      committedQty: 1_500_000,
      windowStart: '2026-09-01',
      windowEnd: '2027-01-31',
      floorFen: 160,
      market: { kind: 'higher', percent: null },
      grades: [
        { grade: 'grade1', kind: 'adjust', fen: 20 },
        { grade: 'grade2', kind: 'adjust', fen: 0 },
        { grade: 'grade3', kind: 'adjust', fen: -30 },
      ],
      moistureFreePct: 14,
      impurityFreePct: 2,
      depositFen: 5_000_000,
      notes: '鲜葛根保底收购，市价高于保底价时按市价',
      schedule: [
        { month: '2026-10', qty: 300_000 },
        { month: '2026-11', qty: 400_000 },
        { month: '2026-12', qty: 500_000 },
        { month: '2027-01', qty: 300_000 },
      ],
    },
    d.users.coopFengqi,
  );
  const sweet2026 = await contract(
    'xiangziwei',
    'qinglong',
    d.products.sweetPotato,
    {
      unit: 'kg',
      committedQty: 400_000,
      windowStart: '2026-08-01',
      windowEnd: '2026-12-31',
      floorFen: 240,
      market: { kind: 'premium', percent: 5 },
      grades: [
        { grade: 'grade1', kind: 'price', fen: 300 },
        { grade: 'grade2', kind: 'adjust', fen: 0 },
        { grade: 'mixed', kind: 'adjust', fen: -20 },
      ],
      impurityFreePct: 3,
      depositFen: 2_000_000,
    },
    d.users.coopQinglong,
  );
  // reference prices of the last weeks (元/kg, 元/head)
  const prices: Array<[{ _id: Types.ObjectId }, string, number]> = [
    [d.products.freshKudzu, '2025-11-15', 155],
    [d.products.freshKudzu, '2025-11-28', 162],
    [d.products.sweetPotato, '2026-08-15', 245],
    [d.products.sweetPotato, '2026-09-10', 238],
    [d.products.freshKudzu, '2026-10-10', 162],
    [d.products.freshKudzu, '2026-11-02', 158],
    [d.products.freshKudzu, '2026-11-16', 166],
    [d.products.freshKudzu, '2026-11-23', 171],
    [d.products.sweetPotato, '2026-11-02', 236],
    [d.products.sweetPotato, '2026-11-23', 252],
    [d.products.livePig, '2026-11-23', 265_000],
  ];
  for (const [product, day, fen] of prices) {
    await setPrice(
      d.town._id,
      { productId: product._id, day, fen, source: 'manual', note: '县农业农村局周报' },
      official,
    );
  }
  await contract(
    'jiutian',
    'kangqian',
    d.products.livePig,
    {
      unit: 'head',
      committedQty: 3000,
      windowStart: '2026-07-01',
      windowEnd: '2027-06-30',
      floorFen: 280_000,
    },
    null,
  );
  await seedDeliveries(d, { kudzu2025, kudzu2026, sweet2026 }, actor, official);
}

/**
 * Two seasons of deliveries: confirmed, adjusted and accepted, disputed and delivered again,
 * pending; payments that leave some receipts unpaid for more than 60 and 90 days.
 */
async function seedDeliveries(
  d: Parameters<typeof buildDemoRecords>[0],
  contracts: Record<'kudzu2025' | 'kudzu2026' | 'sweet2026', Types.ObjectId>,
  actor: (
    user: { _id: Types.ObjectId; username: string },
    role: string,
    org: { _id: Types.ObjectId },
  ) => Actor,
  official: Actor,
) {
  const { fengqi, qinglong, jiutian, xiangziwei } = d.orgs;
  const scope = (org: { _id: Types.ObjectId }) => ({
    access: 'own' as const,
    townId: d.town._id,
    orgId: org._id,
  });
  const sellers = {
    fengqi: { scope: scope(fengqi), actor: actor(d.users.coopFengqi, 'cooperative', fengqi) },
    qinglong: { scope: scope(qinglong), actor: actor(d.users.coopQinglong, 'cooperative', qinglong) },
  };
  const buyers = {
    jiutian: { scope: scope(jiutian), actor: actor(d.users.entJiutian, 'enterprise', jiutian) },
    xiangziwei: { scope: scope(xiangziwei), actor: actor(d.users.entXiangziwei, 'enterprise', xiangziwei) },
  };
  const at = (day: string, hour = 10) => new Date(`${day}T${String(hour - 8).padStart(2, '0')}:00:00Z`);
  const lotOf = async (org: { _id: Types.ObjectId }, harvestedOn: string, kg: number) => {
    const lot = await LotModel.findOne({
      holderOrgId: org._id,
      status: 'in_stock',
      producedAt: shanghaiMidnight(harvestedOn)!,
      quantity: kg,
    }).lean();
    if (!lot) throw new Error(`demo lot of ${harvestedOn} (${kg} kg) not found`);
    return lot._id;
  };
  let ticket = 0;
  const deliver = async (
    seller: keyof typeof sellers,
    contractId: Types.ObjectId,
    day: string,
    lots: Array<[Types.ObjectId, number]>,
    grade: Grade,
    moisturePct: number,
    impurityPct: number,
  ) => {
    ticket += 1;
    const r = await submitDelivery(
      sellers[seller].scope,
      {
        contractId,
        deliveredOn: day,
        weighTicket: `BD${day.replaceAll('-', '')}-${String(ticket).padStart(3, '0')}`,
        grade,
        moisturePct,
        impurityPct,
        lines: lots.map(([lotId, quantity]) => ({ lotId, quantity })),
      },
      sellers[seller].actor,
    );
    if (!r.ok) throw new Error(`demo delivery refused: ${JSON.stringify(r.errors)}`);
    return r.value.id;
  };
  const confirm = async (buyer: keyof typeof buyers, id: Types.ObjectId, day: string) => {
    const r = await confirmDelivery(buyers[buyer].scope, id, buyers[buyer].actor, { now: at(day) });
    if (!r?.ok) throw new Error(`demo confirmation refused: ${JSON.stringify(r)}`);
  };
  const pay = async (
    buyer: keyof typeof buyers,
    id: Types.ObjectId,
    day: string,
    yuan: number | 'all',
    reference: string,
  ) => {
    const doc = (await DeliveryModel.findById(id).lean())!;
    const amountFen = yuan === 'all' ? doc.receipt!.dueFen - doc.paidFen : yuan * 100;
    const r = await payDelivery(
      buyers[buyer].scope,
      id,
      { amountFen, paidOn: day, method: 'bank', reference },
      buyers[buyer].actor,
      { now: at(day, 15) },
    );
    if (!r?.ok) throw new Error(`demo payment refused: ${JSON.stringify(r)}`);
  };

  // 2025: 凤栖 → 九天, fresh kudzu
  const a2025 = await lotOf(fengqi, '2025-11-18', 260_000);
  const b2025 = await lotOf(fengqi, '2025-11-25', 230_000);
  const d1 = await deliver(
    'fengqi',
    contracts.kudzu2025,
    '2025-11-20',
    [[a2025, 120_000]],
    'grade1',
    15,
    2.5,
  );
  await confirm('jiutian', d1, '2025-11-21');
  await pay('jiutian', d1, '2025-12-05', 'all', 'ICBC-2025120501');
  const rest = (await LotModel.findOne({ parentLotIds: a2025, status: 'in_stock' }).lean())!;
  const d2 = await deliver(
    'fengqi',
    contracts.kudzu2025,
    '2025-11-27',
    [[rest._id, 140_000]],
    'grade1',
    14,
    2,
  );
  await adjustDelivery(
    buyers.jiutian.scope,
    d2,
    {
      quantity: 138_500,
      grade: 'grade2',
      moisturePct: 14,
      impurityPct: 2,
      reason: '复磅净重 138,500 千克，块根偏小按二级',
    },
    buyers.jiutian.actor,
    { now: at('2025-11-28') },
  );
  const d2Accepted = await confirmDelivery(sellers.fengqi.scope, d2, sellers.fengqi.actor, {
    now: at('2025-11-29'),
  });
  if (!d2Accepted?.ok) throw new Error('demo adjustment not accepted');
  await pay('jiutian', d2, '2025-12-20', 150_000, 'ICBC-2025122003');
  const d3 = await deliver('fengqi', contracts.kudzu2025, '2025-12-02', [[b2025, 230_000]], 'grade2', 19, 6);
  const disputed = await disputeDelivery(
    buyers.jiutian.scope,
    d3,
    '含泥含杂超标，请清洗后重新交售',
    buyers.jiutian.actor,
  );
  if (!disputed?.ok) throw new Error('demo dispute refused');
  const d4 = await deliver('fengqi', contracts.kudzu2025, '2025-12-06', [[b2025, 230_000]], 'grade2', 15, 2);
  await confirm('jiutian', d4, '2025-12-07');
  await updateRecord(ContractModel, { _id: contracts.kudzu2025 }, { status: 'completed' }, official);

  // 2026: 凤栖 → 九天
  const jin = await lotOf(fengqi, '2026-10-15', 210_000);
  const chi = await lotOf(fengqi, '2026-10-15', 330_000);
  const d5 = await deliver('fengqi', contracts.kudzu2026, '2026-10-18', [[jin, 100_000]], 'grade1', 15, 2);
  await confirm('jiutian', d5, '2026-10-19');
  await pay('jiutian', d5, '2026-11-10', 100_000, 'ICBC-2026111002');
  const d6 = await deliver('fengqi', contracts.kudzu2026, '2026-10-25', [[chi, 150_000]], 'grade2', 16, 3);
  await confirm('jiutian', d6, '2026-10-26');
  const jinRest = (await LotModel.findOne({ parentLotIds: jin, status: 'in_stock' }).lean())!;
  await deliver('fengqi', contracts.kudzu2026, '2026-11-20', [[jinRest._id, 110_000]], 'grade1', 14.5, 2);
  const chiRest = (await LotModel.findOne({ parentLotIds: chi, status: 'in_stock' }).lean())!;
  const d8 = await deliver(
    'fengqi',
    contracts.kudzu2026,
    '2026-11-22',
    [[chiRest._id, 80_000]],
    'grade2',
    15,
    2,
  );
  await adjustDelivery(
    buyers.jiutian.scope,
    d8,
    {
      quantity: 78_000,
      grade: 'grade2',
      moisturePct: 17,
      impurityPct: 2,
      reason: '复磅 78,000 千克，水分 17%',
    },
    buyers.jiutian.actor,
    { now: at('2026-11-23') },
  );

  // 2026: 青龙 → 乡滋味, mini sweet potato
  const s1 = await deliver(
    'qinglong',
    contracts.sweet2026,
    '2026-08-22',
    [[await lotOf(qinglong, '2026-08-20', 90_000), 90_000]],
    'grade1',
    0,
    1,
  );
  await confirm('xiangziwei', s1, '2026-08-23');
  const s2 = await deliver(
    'qinglong',
    contracts.sweet2026,
    '2026-08-29',
    [[await lotOf(qinglong, '2026-08-27', 85_000), 85_000]],
    'grade2',
    0,
    2,
  );
  await confirm('xiangziwei', s2, '2026-08-30');
  await pay('xiangziwei', s2, '2026-09-20', 'all', 'CCB-2026092001');
  const mixed = await lotOf(qinglong, '2026-09-15', 95_000);
  const s3 = await deliver('qinglong', contracts.sweet2026, '2026-09-17', [[mixed, 60_000]], 'mixed', 0, 4);
  await confirm('xiangziwei', s3, '2026-09-18');
  await pay('xiangziwei', s3, '2026-10-15', 80_000, 'CCB-2026101502');
  const mixedRest = (await LotModel.findOne({ parentLotIds: mixed, status: 'in_stock' }).lean())!;
  await deliver('qinglong', contracts.sweet2026, '2026-11-25', [[mixedRest._id, 35_000]], 'mixed', 0, 2);

  await issueToken(
    { townId: d.town._id, orgId: jiutian._id, role: 'enterprise', name: '九天 ERP 对接（演示）' },
    buyers.jiutian.actor,
    DEMO_API_TOKEN,
  );
}
