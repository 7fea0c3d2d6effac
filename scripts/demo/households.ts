// The demo town's households: the six villages' registers (a few hundred households, some
// 脱贫户 and 监测户), three years of purchases by the two cooperatives, wages at the 康茜 base
// and the plant, land rent for the base's land in 白龙村, most of it paid — and one approved
// dividend per cooperative, through the real operation. The bulk is loaded directly (with an
// audit event per record, counters moved past the numbers used and the household-year rollup
// rebuilt from the entries) so that the first start stays quick; db:check verifies it all.
import { Types } from 'mongoose';
import { AuditEventModel, type Actor } from '#models/kernel/audit';
import {
  approveDividend,
  DistributionModel,
  floorOn,
  HouseholdEntryModel,
  HouseholdModel,
  payEntry,
  PurchasePriceModel,
  rebuildRollups,
} from '#models/households';
import { LotCounterModel, LotModel, reserveLotCodes } from '#models/lots/lot';
import { auditEvent } from '#models/kernel/write';
import { amountFor } from '~/domain/household';
import { todayInShanghai } from '~/utils/dates';

type Id = Types.ObjectId;
interface Demo {
  town: { _id: Id; code: string };
  villages: Record<string, { _id: Id }>;
  products: Record<string, { _id: Id; code: string; name: string }>;
  orgs: Record<string, { _id: Id }>;
  users: Record<string, { _id: Id; username: string }>;
}

/** A small deterministic generator: the same demo town on every machine. */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '向钟张李王覃谷田杨刘彭熊唐黄陈周龙邓符罗'.split('');
const GIVEN = [
  '建国',
  '桂英',
  '明华',
  '志强',
  '秀兰',
  '德胜',
  '玉梅',
  '红军',
  '春花',
  '国庆',
  '金凤',
  '长生',
  '满堂',
  '冬梅',
  '世平',
  '家福',
  '桂香',
  '云峰',
  '小燕',
  '启明',
  '翠兰',
  '永贵',
  '海涛',
  '丽华',
];
const VILLAGES: Array<[string, number, 'qinglong' | 'fengqi' | null]> = [
  ['青龙村', 60, 'qinglong'],
  ['凤栖村', 55, 'fengqi'],
  ['金家台村', 40, 'fengqi'],
  ['赤溪村', 45, 'fengqi'],
  ['舒家坪村', 35, 'fengqi'],
  ['白龙村', 50, null],
];
const YEARS = [2024, 2025, 2026];
// what the cooperatives paid members per kg, by year (rising) and grade
const PRICES: Record<'qinglong' | 'fengqi', Record<number, { grade1: number; grade2: number }>> = {
  qinglong: {
    2024: { grade1: 230, grade2: 190 },
    2025: { grade1: 245, grade2: 205 },
    2026: { grade1: 260, grade2: 220 },
  },
  fengqi: {
    2024: { grade1: 150, grade2: 120 },
    2025: { grade1: 160, grade2: 135 },
    2026: { grade1: 170, grade2: 145 },
  },
};
const SEED_ACTOR: Actor = { userId: null, username: 'seed', role: 'system', orgId: null, townId: null };

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

export async function seedHouseholds(d: Demo) {
  const rnd = random(20_240_301);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const today = todayInShanghai();
  const townId = d.town._id;
  const now = new Date();
  const audits: Record<string, unknown>[] = [];
  const audited = (entity: string, doc: Record<string, unknown> & { _id: Id }, label: string) => {
    const { holds: _h, ...shown } = doc;
    audits.push(auditEvent(entity, 'create', SEED_ACTOR, null, shown as never, label)!);
  };

  // ---- the register
  const households: Array<
    Record<string, unknown> & { _id: Id; villageId: Id; coop: string | null; number: string }
  > = [];
  for (const [name, count, coop] of VILLAGES) {
    const villageId = d.villages[name]._id;
    for (let i = 1; i <= count; i += 1) {
      const lifted = rnd() < 0.14;
      const monitored = lifted ? rnd() < 0.3 : rnd() < 0.02;
      const member = coop !== null && rnd() < 0.85;
      const h = {
        _id: new Types.ObjectId(),
        townId,
        villageId,
        number: `${pad(Math.ceil(i / 12))}-${pad(((i - 1) % 12) + 1)}`,
        head: `${pick(SURNAMES)}${pick(GIVEN)}`,
        members: 1 + Math.floor(rnd() * 6),
        phone: `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`,
        lifted,
        monitored,
        memberships: member
          ? [
              {
                orgId: d.orgs[coop]._id,
                joinedOn: day(
                  2022 + Math.floor(rnd() * 3),
                  1 + Math.floor(rnd() * 12),
                  1 + Math.floor(rnd() * 28),
                ),
                cashFen: pick([0, 0, 100_000, 200_000, 500_000]),
                landMu: pick([0, 0, 0.5, 1, 1.5, 2, 3]),
              },
            ]
          : [],
        importId: null,
        archivedAt: null,
        createdAt: now,
        updatedAt: now,
        __v: 0,
      };
      households.push({ ...h, coop: member ? coop : null });
      audited('Household', h, `${h.number} ${h.head}`);
    }
  }
  await HouseholdModel.collection.insertMany(households.map(({ coop: _c, ...h }) => h));

  // ---- price lists (this year's prices)
  const prices: Array<Record<string, unknown> & { _id: Id }> = [];
  for (const coop of ['qinglong', 'fengqi'] as const) {
    const product = coop === 'qinglong' ? d.products.sweetPotato : d.products.freshKudzu;
    for (const grade of ['grade1', 'grade2'] as const) {
      const p = {
        _id: new Types.ObjectId(),
        townId,
        orgId: d.orgs[coop]._id,
        productId: product._id,
        grade,
        unitFen: PRICES[coop][2026][grade],
        archivedAt: null,
        createdAt: now,
        updatedAt: now,
        __v: 0,
      };
      prices.push(p);
      audited('PurchasePrice', p, `${grade} ${p.unitFen / 100}`);
    }
  }
  await PurchasePriceModel.collection.insertMany(prices);

  // ---- entries
  const entries: Array<Record<string, unknown> & { _id: Id; number: string; amountFen: number; on: string }> =
    [];
  const seqs = new Map<string, number>();
  const numberOf = (kind: string, year: number) => {
    const prefix = `${d.town.code}-${kind}-${year}`;
    const n = (seqs.get(prefix) ?? 0) + 1;
    seqs.set(prefix, n);
    return `${prefix}-${String(n).padStart(6, '0')}`;
  };
  const entry = (
    h: (typeof households)[number],
    payer: Id,
    kind: 'purchase' | 'wage' | 'rent',
    on: string,
    amountFen: number,
    extra: Record<string, unknown>,
  ) => {
    const e = {
      _id: new Types.ObjectId(),
      townId,
      villageId: h.villageId,
      householdId: h._id,
      payerOrgId: payer,
      kind,
      number: numberOf({ purchase: 'SG', wage: 'GZ', rent: 'ZJ' }[kind], Number(on.slice(0, 4))),
      on,
      year: Number(on.slice(0, 4)),
      month: Number(on.slice(5, 7)),
      amountFen,
      note: '',
      at: new Date(`${on}T10:00:00+08:00`),
      byUserId: null,
      paidFen: 0,
      reversedFen: 0,
      holds: [],
      ...extra,
    };
    entries.push(e);
    return e;
  };

  // purchases: each member sells once or twice a season; a month's purchases share a collection lot
  const lots = new Map<
    string,
    { lot: Record<string, unknown> & { _id: Id }; kg: number; households: unknown[] }
  >();
  const floors = new Map<string, number | null>();
  for (const year of YEARS) {
    for (const h of households.filter((x) => x.coop)) {
      const coop = h.coop as 'qinglong' | 'fengqi';
      const product = coop === 'qinglong' ? d.products.sweetPotato : d.products.freshKudzu;
      const months = coop === 'qinglong' ? [9, 10, 11] : [10, 11, 12];
      const sales = 1 + Math.floor(rnd() * 2);
      for (let s = 0; s < sales; s += 1) {
        const on = day(year, pick(months), 1 + Math.floor(rnd() * 28));
        if (on > today) continue;
        const grade = rnd() < 0.7 ? 'grade1' : 'grade2';
        const kg = Math.round((150 + rnd() * (coop === 'qinglong' ? 900 : 1800)) * 10) / 10;
        const unitFen = PRICES[coop][year][grade];
        const floorKey = `${coop}:${on}`;
        if (!floors.has(floorKey)) floors.set(floorKey, await floorOn(d.orgs[coop]._id, product._id, on));
        const floorFen = floors.get(floorKey);
        const lotKey = `${coop}:${on.slice(0, 7)}:${grade}`;
        let lot = lots.get(lotKey);
        if (!lot) {
          const firstDay = `${on.slice(0, 7)}-01`;
          const [code] = await reserveLotCodes(
            d.town.code,
            product.code,
            new Date(`${firstDay}T00:00:00+08:00`),
          );
          lot = {
            lot: {
              _id: new Types.ObjectId(),
              townId,
              orgId: d.orgs[coop]._id,
              code,
              productId: product._id,
              productCode: product.code,
              productName: product.name,
              unit: 'kg',
              quantity: 0,
              grade,
              producedAt: new Date(`${firstDay}T00:00:00+08:00`),
              origin: {
                kind: 'collection',
                plantingId: null,
                harvestId: null,
                herdEventId: null,
                villageId: h.villageId,
                cooperativeId: d.orgs[coop]._id,
                baseId: null,
              },
              parentLotIds: [],
              inputs: [],
              holderOrgId: d.orgs[coop]._id,
              // earlier seasons' collections went to the plant before the app was used
              status: year < 2026 ? 'consumed' : 'in_stock',
              movedAt: year < 2026 ? new Date(`${year}-12-31T00:00:00+08:00`) : null,
              importId: null,
              holds: [],
              createdAt: now,
              updatedAt: now,
              __v: 0,
            },
            kg: 0,
            households: [],
          };
          lots.set(lotKey, lot);
        }
        const e = entry(h, d.orgs[coop]._id, 'purchase', on, amountFor(kg, unitFen), {
          productId: product._id,
          grade,
          kg,
          unitFen,
          lotId: lot.lot._id,
          ...(floorFen != null && unitFen < floorFen && { floorFen }),
        });
        lot.kg = Math.round((lot.kg + kg) * 100) / 100;
        lot.households.push({ householdId: h._id, entryId: e._id, kg });
      }
    }
  }
  const lotDocs = [...lots.values()].map((l) => ({
    ...l.lot,
    quantity: l.kg,
    households: l.households,
    householdKg: l.kg,
  }));
  for (const l of lotDocs) audited('Lot', l, String((l as { code?: string }).code));
  await LotModel.collection.insertMany(lotDocs);

  // wages at the base (白龙村 and two neighbours) and, in the processing season, at the plant
  const near = households.filter((h) => String(h.villageId) === String(d.villages['白龙村']._id));
  const baseWorkers = [...near.slice(0, 10), ...households.filter((h) => h.monitored).slice(0, 3)];
  const plantWorkers = households
    .filter((h) => ['凤栖村', '金家台村'].some((v) => String(d.villages[v]._id) === String(h.villageId)))
    .slice(0, 8);
  const baseRate: Record<number, number> = { 2024: 15_000, 2025: 16_000, 2026: 18_000 };
  for (const year of YEARS) {
    for (let month = 1; month <= 12; month += 1) {
      const on = day(year, month, 28);
      if (on > today) continue;
      for (const h of baseWorkers) {
        if (rnd() < 0.15) continue; // not every worker every month
        const days = 12 + Math.floor(rnd() * 12);
        entry(h, d.orgs.kangqian._id, 'wage', on, days * baseRate[year], {
          worker: h.head,
          days,
          rateFen: baseRate[year],
        });
      }
      if (year >= 2025 && month >= 10) {
        for (const h of plantWorkers) {
          const days = 15 + Math.floor(rnd() * 10);
          entry(h, d.orgs.plant._id, 'wage', on, days * 16_000, { worker: h.head, days, rateFen: 16_000 });
        }
      }
    }
  }
  // land rent: the base rents 白龙村 land, paid each January for the year
  const rentRate: Record<number, number> = { 2024: 60_000, 2025: 65_000, 2026: 70_000 };
  const landlords = near.slice(5, 27).map((h) => ({ h, mu: pick([1, 1.5, 2, 2.5, 3, 4, 5.5]) }));
  for (const year of YEARS) {
    for (const { h, mu } of landlords) {
      entry(h, d.orgs.kangqian._id, 'rent', day(year, 1, 15), amountFor(mu, rentRate[year]), {
        areaMu: mu,
        rateFen: rentRate[year],
        rentYear: year,
      });
    }
  }

  // payments: everything is paid, in cash or by transfer, a few weeks later — except the
  // last two months, part of which is still owed (so that what is owed by age shows)
  const payments: typeof entries = [];
  const addDays = (on: string, n: number) =>
    new Date(new Date(`${on}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);
  for (const e of entries) {
    const paidOn = addDays(e.on, 7 + Math.floor(rnd() * 30));
    const recent = e.on >= addDays(today, -75);
    if (paidOn > today || (recent && rnd() < 0.5)) continue;
    e.paidFen = e.amountFen;
    payments.push({
      ...e,
      _id: new Types.ObjectId(),
      kind: 'payment',
      number: numberOf('HF', Number(paidOn.slice(0, 4))),
      on: paidOn,
      year: Number(paidOn.slice(0, 4)),
      month: Number(paidOn.slice(5, 7)),
      at: new Date(`${paidOn}T10:00:00+08:00`),
      paidFen: 0,
      pays: e._id,
      method: pick(['cash', 'bank', 'wechat', 'alipay'] as const),
      reference: '',
      ...{ productId: undefined, grade: undefined, kg: undefined, unitFen: undefined, lotId: undefined },
      ...{ floorFen: undefined, worker: undefined, days: undefined, rateFen: undefined },
      ...{ areaMu: undefined, rentYear: undefined },
    });
  }
  const all = [...entries, ...payments].map(
    (e) =>
      Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as (typeof entries)[number],
  );
  for (const e of all) {
    const { paidFen: _p, reversedFen: _r, at: _a, ...shown } = e;
    audited('HouseholdEntry', shown as never, e.number);
  }
  await HouseholdEntryModel.collection.insertMany(all);
  for (const [prefix, seq] of seqs) {
    await LotCounterModel.updateOne({ _id: prefix }, { $max: { seq } }, { upsert: true });
  }
  for (let i = 0; i < audits.length; i += 2000) {
    await AuditEventModel.collection.insertMany(audits.slice(i, i + 2000));
  }
  await rebuildRollups(townId);

  // one approved distribution per cooperative, of last year's surplus, through the operation
  for (const [coop, user, surplusFen] of [
    ['qinglong', 'coopQinglong', 6_800_000],
    ['fengqi', 'coopFengqi', 12_650_000],
  ] as const) {
    const scope = { access: 'own' as const, townId, orgId: d.orgs[coop]._id };
    const actor: Actor = {
      userId: d.users[user]._id,
      username: d.users[user].username,
      role: 'cooperative',
      orgId: d.orgs[coop]._id,
      townId,
    };
    const outcome = await approveDividend(
      scope,
      { year: 2025, surplusFen, volumePct: 60, landFenPerMu: 100_000, paidOn: '2026-03-15' },
      actor,
    );
    if (!outcome.ok) throw new Error(`demo dividend: ${JSON.stringify(outcome.errors)}`);
    // paid by bank transfer a few days later, but for a few households not reached yet
    const lines = await HouseholdEntryModel.find({ distributionId: new Types.ObjectId(outcome.value.id) })
      .select('amountFen')
      .lean();
    for (const [i, line] of lines.entries()) {
      if (i % 12 === 5) continue;
      const paid = await payEntry(
        scope,
        line._id,
        { amountFen: line.amountFen, paidOn: '2026-03-20', method: 'bank', reference: `FH-${i + 1}` },
        actor,
      );
      if (!paid?.ok) throw new Error(`demo dividend payment: ${JSON.stringify(paid)}`);
    }
  }
  return {
    households: households.length,
    entries: entries.length,
    distributions: await DistributionModel.countDocuments({ townId }),
  };
}
