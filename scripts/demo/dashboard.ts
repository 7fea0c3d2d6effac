// The demo town's history for the dashboard: six seasons of kudzu in more villages each year,
// the sweet-potato base growing, the base's herd sales confirmed by the enterprises, the town's
// targets, and a dozen problems from village meetings, cooperatives and enterprises — some
// solved, some open — so that on the first start every chart has a story.
import type { Types } from 'mongoose';
import type { Actor } from '#models/kernel/audit';
import { confirmDelivery, submitDelivery } from '#models/trade/delivery';
import { rebuildFacts } from '#models/kernel/facts';
import { getBase, recordHerdEvent } from '#models/field/herd';
import { LotModel } from '#models/lots/lot';
import { createPlanting } from '#models/field/planting';
import { addProblemNote, assignProblem, raiseProblem } from '#models/oversight/problem';
import { createTarget } from '#models/oversight/target';
import type { HerdEventInput } from '~/schemas/herd';
import type { ProblemAssignInput, ProblemInput, TargetInput } from '~/schemas/target';

interface Demo {
  town: { _id: Types.ObjectId };
  villages: Record<string, { _id: Types.ObjectId }>;
  products: Record<string, { _id: Types.ObjectId }>;
  orgs: Record<string, { _id: Types.ObjectId }>;
  users: Record<string, { _id: Types.ObjectId; username: string; displayName?: string }>;
}

export async function seedDashboardHistory(d: Demo) {
  const actor = (user: keyof Demo['users'], role: string, org: keyof Demo['orgs']): Actor => ({
    userId: d.users[user]._id,
    username: d.users[user].username,
    role,
    orgId: d.orgs[org]._id,
    townId: d.town._id,
  });
  const id = (name: string) => String(d.villages[name]._id);

  // ---- plantings: kudzu from one village in 2021 to five in 2026; the sweet-potato base
  const plantings: Array<[keyof Demo['orgs'], string, keyof Demo['products'], number, number, string]> = [
    ['fengqi', '凤栖村', 'freshKudzu', 60, 18, '2021-03-16'],
    ['fengqi', '凤栖村', 'freshKudzu', 95, 27, '2022-03-14'],
    ['fengqi', '金家台村', 'freshKudzu', 40, 12, '2022-03-28'],
    ['fengqi', '凤栖村', 'freshKudzu', 130, 36, '2023-03-10'],
    ['fengqi', '金家台村', 'freshKudzu', 70, 20, '2023-03-22'],
    ['fengqi', '赤溪村', 'freshKudzu', 35, 11, '2023-04-02'],
    ['fengqi', '凤栖村', 'freshKudzu', 170, 44, '2024-03-11'],
    ['fengqi', '金家台村', 'freshKudzu', 95, 26, '2024-03-20'],
    ['fengqi', '赤溪村', 'freshKudzu', 55, 16, '2024-03-26'],
    ['fengqi', '舒家坪村', 'freshKudzu', 30, 9, '2024-04-05'],
    ['fengqi', '金家台村', 'freshKudzu', 120, 31, '2025-03-18'],
    ['fengqi', '赤溪村', 'freshKudzu', 70, 21, '2025-03-25'],
    ['fengqi', '舒家坪村', 'freshKudzu', 55, 15, '2025-04-01'],
    ['fengqi', '凤栖村', 'freshKudzu', 240, 63, '2026-03-09'],
    ['qinglong', '青龙村', 'sweetPotato', 60, 22, '2024-04-12'],
    ['qinglong', '青龙村', 'sweetPotato', 110, 38, '2025-04-10'],
  ];
  for (const [org, village, product, areaMu, households, plantedOn] of plantings) {
    const user = org === 'fengqi' ? 'coopFengqi' : 'coopQinglong';
    await createPlanting(
      { townId: d.town._id, orgId: d.orgs[org]._id },
      {
        villageId: id(village),
        productId: String(d.products[product]._id),
        areaMu,
        households,
        plantedOn,
        plotName: '',
        notes: '',
      },
      actor(user, 'cooperative', org),
    );
  }

  // ---- the base: more sales, each confirmed by its buyer (the revenue the targets count)
  const base = (await getBase(d.orgs.kangqian._id))!;
  const baseActor = actor('base', 'base', 'kangqian');
  const herd = async (e: Partial<HerdEventInput>) => {
    const r = await recordHerdEvent(
      base,
      { species: 'pig', earTags: '', cause: '', buyer: '', notes: '', ...e } as HerdEventInput,
      baseActor,
    );
    if (!r.ok) throw new Error(`demo herd event refused: ${JSON.stringify(r.errors)}`);
    return r.lotCode ?? null;
  };
  await herd({
    kind: 'sale',
    date: '2026-11-05',
    head: 300,
    buyer: '张家界市乡滋味农产品有限公司',
    weightKg: 36_000,
    priceYuan: 570_000,
  });
  await herd({ kind: 'birth', date: '2026-11-12', head: 650 });
  const baseScope = { access: 'own' as const, townId: d.town._id, orgId: d.orgs.kangqian._id };
  const sales: Array<[string, keyof Demo['orgs'], keyof Demo['users'], string, number, number]> = [
    ['2026-07-10', 'jiutian', 'entJiutian', '2026-07-12', 772_800, 48_300],
    ['2026-11-05', 'xiangziwei', 'entXiangziwei', '2026-11-07', 570_000, 36_000],
  ];
  for (const [soldOn, buyer, buyerUser, confirmedOn, yuan, weightKg] of sales) {
    const lot = (await LotModel.findOne({
      holderOrgId: d.orgs.kangqian._id,
      'origin.kind': 'herd_sale',
      status: 'in_stock',
      producedAt: new Date(`${soldOn}T00:00:00+08:00`),
    }).lean())!;
    const submitted = await submitDelivery(
      baseScope,
      {
        contractId: null,
        buyerOrgId: d.orgs[buyer]._id,
        productId: lot.productId,
        agreedFen: Math.round((yuan * 100) / lot.quantity),
        deliveredOn: soldOn,
        weighTicket: lot.code,
        liveWeightKg: weightKg,
        grade: 'mixed',
        moisturePct: 0,
        impurityPct: 0,
        lines: [{ lotId: lot._id, quantity: lot.quantity }],
      },
      baseActor,
    );
    if (!submitted.ok) throw new Error(`demo herd delivery refused: ${JSON.stringify(submitted.errors)}`);
    const confirmed = await confirmDelivery(
      { access: 'own', townId: d.town._id, orgId: d.orgs[buyer]._id },
      submitted.value.id,
      actor(buyerUser, 'enterprise', buyer),
      { now: new Date(`${confirmedOn}T10:00:00+08:00`) },
    );
    if (!confirmed?.ok) throw new Error('demo herd delivery not confirmed');
  }

  // ---- the town's targets
  const official = actor('official', 'official', 'government');
  const targets: TargetInput[] = [
    {
      title: '康茜基地存栏 5000 头',
      metric: 'headCount',
      scopeKind: 'base',
      scopeId: String(d.orgs.kangqian._id),
      value: 5000,
      baseline: 1200,
      baselineOn: '2026-01-08',
      startOn: '2026-01-01',
      deadline: '2028-12-31',
      notes: '三岔湾养殖基地建设规模',
      pinned: true,
    },
    {
      title: '康茜基地新增年销售额 800 万元',
      metric: 'annualSales',
      scopeKind: 'base',
      scopeId: String(d.orgs.kangqian._id),
      value: 8_000_000,
      baseline: 0,
      baselineOn: '2026-01-01',
      startOn: '2026-01-01',
      deadline: '2028-12-31',
      notes: '按近 12 个月经企业确认的销售额计',
      pinned: true,
    },
    {
      title: '葛根种植面积 1000 亩',
      metric: 'acreage',
      scopeKind: 'town',
      productId: String(d.products.freshKudzu._id),
      value: 1000,
      baseline: 60,
      baselineOn: '2021-12-31',
      startOn: '2022-01-01',
      deadline: '2027-12-31',
      notes: '每年扩种，逐村推开',
    },
    {
      title: '青龙村小香薯基地 300 亩',
      metric: 'acreage',
      scopeKind: 'village',
      scopeId: id('青龙村'),
      productId: String(d.products.sweetPotato._id),
      value: 300,
      baseline: 60,
      baselineOn: '2024-12-31',
      startOn: '2025-01-01',
      deadline: '2027-12-31',
      notes: '',
    },
    {
      title: '带动农户 300 户',
      metric: 'householdsLinked',
      scopeKind: 'town',
      value: 300,
      baseline: 150,
      baselineOn: '2024-12-31',
      startOn: '2025-01-01',
      deadline: '2027-12-31',
      notes: '当年从产业获得收入的农户',
    },
    {
      title: '户均产业增收到 6000 元',
      metric: 'avgIncome',
      scopeKind: 'town',
      value: 6000,
      baseline: 3500,
      baselineOn: '2024-12-31',
      startOn: '2025-01-01',
      deadline: '2027-12-31',
      notes: '',
    },
  ];
  for (const t of targets) await createTarget(d.town._id, t, official);

  // ---- a dozen problems: raised, assigned, some solved, some open
  const raisers = {
    meeting: { org: 'government', user: 'official', role: 'official' },
    cooperative: { org: 'fengqi', user: 'coopFengqi', role: 'cooperative' },
    qinglong: { org: 'qinglong', user: 'coopQinglong', role: 'cooperative' },
    enterprise: { org: 'jiutian', user: 'entJiutian', role: 'enterprise' },
  } as const;
  type Raiser = keyof typeof raisers;
  const problems: Array<{
    by: Raiser;
    raised: Omit<ProblemInput, 'description'> & { description?: string };
    assign?: ProblemAssignInput & { on: string };
    notes?: Array<[string, string]>;
  }> = [
    {
      by: 'meeting',
      raised: {
        title: '青龙村小香薯基地产业路未硬化，雨天运薯车辆进不去',
        villageId: id('青龙村'),
        source: 'meeting',
        raisedOn: '2026-03-12',
        category: 'road',
      },
      assign: {
        leadUnit: '镇交通办',
        cooperatingUnits: '青龙村委会',
        deadline: '2026-09-30',
        status: 'solved',
        reason: '',
        on: '2026-08-28',
      },
      notes: [
        ['2026-05-20', '已纳入县产业路项目，完成测量'],
        ['2026-08-28', '1.8 公里硬化完工，验收通过'],
      ],
    },
    {
      by: 'meeting',
      raised: {
        title: '凤栖村葛根地排水沟淤塞，低洼地块积水烂根',
        villageId: id('凤栖村'),
        source: 'meeting',
        raisedOn: '2026-04-08',
        category: 'water',
      },
      assign: {
        leadUnit: '镇水利站',
        cooperatingUnits: '凤栖村委会',
        deadline: '2026-06-30',
        status: 'solved',
        reason: '',
        on: '2026-06-18',
      },
      notes: [['2026-06-18', '清淤 2.3 公里，新修涵管 4 处']],
    },
    {
      by: 'enterprise',
      raised: {
        title: '加工厂冷库专用电力线路容量不足，夏季跳闸',
        villageId: id('白龙村'),
        source: 'enterprise',
        raisedOn: '2026-06-02',
        category: 'power',
      },
      assign: {
        leadUnit: '镇经发办',
        cooperatingUnits: '县供电公司利福塔供电所',
        deadline: '2026-12-31',
        status: 'inProgress',
        reason: '',
        on: '2026-06-10',
      },
      notes: [
        ['2026-07-15', '供电所已勘察，需新增 400 千伏安变压器'],
        ['2026-10-20', '变压器已采购，待停电施工'],
      ],
    },
    {
      by: 'cooperative',
      raised: {
        title: '九天食品 2025 年度部分葛根货款逾期未付',
        source: 'cooperative',
        raisedOn: '2026-02-20',
        category: 'payment',
      },
      assign: {
        leadUnit: '镇农业办',
        cooperatingUnits: '张家界九天食品有限公司',
        deadline: '2026-04-30',
        status: 'inProgress',
        reason: '',
        on: '2026-02-25',
      },
      notes: [['2026-03-10', '已约谈企业，企业承诺分两期付清']],
    },
    {
      by: 'qinglong',
      raised: {
        title: '小香薯收获期缺少临时储存场地',
        villageId: id('青龙村'),
        source: 'cooperative',
        raisedOn: '2026-07-18',
        category: 'coldChain',
      },
      assign: {
        leadUnit: '镇经发办',
        cooperatingUnits: '青龙村委会、利福塔冷链物流',
        deadline: '2026-08-31',
        status: 'solved',
        reason: '',
        on: '2026-08-15',
      },
      notes: [['2026-08-15', '租用村部闲置仓库 600 平方米，配移动冷风机']],
    },
    {
      by: 'meeting',
      raised: {
        title: '金家台村葛根种苗不足，部分农户无法扩种',
        villageId: id('金家台村'),
        source: 'meeting',
        raisedOn: '2026-02-26',
        category: 'market',
      },
      assign: {
        leadUnit: '凤栖葛根种植专业合作社',
        cooperatingUnits: '镇农技站',
        deadline: '2026-03-31',
        status: 'solved',
        reason: '',
        on: '2026-03-20',
      },
    },
    {
      by: 'meeting',
      raised: {
        title: '赤溪村农户反映入社分红标准不清楚',
        villageId: id('赤溪村'),
        source: 'household',
        raisedOn: '2026-05-09',
        category: 'finance',
      },
      assign: {
        leadUnit: '镇农经站',
        cooperatingUnits: '凤栖葛根种植专业合作社',
        deadline: '2026-06-30',
        status: 'solved',
        reason: '',
        on: '2026-06-25',
      },
      notes: [['2026-06-25', '合作社召开社员大会，公示 2025 年分配方案']],
    },
    {
      by: 'meeting',
      raised: {
        title: '舒家坪村部分地块流转租金偏高，合作社难以承接',
        villageId: id('舒家坪村'),
        source: 'meeting',
        raisedOn: '2026-05-21',
        category: 'land',
      },
      assign: {
        leadUnit: '镇农经站',
        cooperatingUnits: '舒家坪村委会',
        deadline: '2026-07-31',
        status: 'unsolvable',
        reason: '农户不同意下调租金，改为农户自种、合作社保底收购',
        on: '2026-07-28',
      },
    },
    {
      by: 'cooperative',
      raised: {
        title: '葛根收购旺季需要短期周转资金',
        source: 'cooperative',
        raisedOn: '2026-09-03',
        category: 'finance',
      },
      assign: {
        leadUnit: '镇财政所',
        cooperatingUnits: '农商银行利福塔支行',
        deadline: '2026-10-31',
        status: 'solved',
        reason: '',
        on: '2026-10-12',
      },
      notes: [['2026-10-12', '农商银行发放产业贷 50 万元，县财政贴息']],
    },
    {
      by: 'enterprise',
      raised: {
        title: '收购点到加工厂的乡道限高，冷藏车绕行 20 公里',
        source: 'enterprise',
        raisedOn: '2026-10-14',
        category: 'road',
      },
      assign: {
        leadUnit: '镇交通办',
        cooperatingUnits: '',
        deadline: '2027-03-31',
        status: 'inProgress',
        reason: '',
        on: '2026-10-20',
      },
    },
    {
      by: 'qinglong',
      raised: {
        title: '小香薯分级设备不足，人工分级慢',
        villageId: id('青龙村'),
        source: 'cooperative',
        raisedOn: '2026-11-06',
        category: 'coldChain',
      },
    },
    {
      by: 'meeting',
      raised: {
        title: '白龙村养殖基地周边道路需要加宽，便于生猪运输',
        villageId: id('白龙村'),
        source: 'meeting',
        raisedOn: '2026-11-18',
        category: 'road',
      },
      assign: {
        leadUnit: '镇交通办',
        cooperatingUnits: '康茜公司、白龙村委会',
        deadline: '2027-06-30',
        status: 'open',
        reason: '',
        on: '2026-11-20',
      },
    },
  ];
  for (const p of problems) {
    const r = raisers[p.by];
    const who = actor(r.user, r.role, r.org);
    const saved = await raiseProblem(
      {
        townId: d.town._id,
        orgId: d.orgs[r.org]._id,
        raisedBy: d.users[r.user].displayName ?? d.users[r.user].username,
      },
      { description: '', ...p.raised },
      who,
    );
    const scope = { access: 'town' as const, townId: d.town._id, orgId: d.orgs.government._id };
    for (const [on, note] of p.notes ?? []) {
      await addProblemNote(
        scope,
        saved._id,
        { on, note, by: '镇农业办', orgId: d.orgs.government._id },
        official,
      );
    }
    if (p.assign) {
      const { on, ...assign } = p.assign;
      await assignProblem(scope, saved._id, assign, on, official);
    }
  }

  // the facts from every record written above, computed now (the first page view is quick)
  await rebuildFacts(d.town._id);
}
