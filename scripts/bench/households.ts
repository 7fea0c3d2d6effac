// Households' income at a county's scale: 100 villages, 50,000 households and about 5,000,000
// ledger entries over five years (purchases, payments, wages, rent). Measured:
//   - the income figures of a year (linked households, totals and averages by village, kind and
//     month, 监测户, bands, who earned less), against the raw driver running the same two
//     aggregations on the household-year rollup (the app's overhead);
//   - the same figures against the raw driver computing them from the ledger entries (what the
//     rollup saves);
//   - one household's ledger, against the raw driver's two finds.
// XL_BENCH_HOUSEHOLD_ENTRIES scales the data set down for a quick run.
import { Types } from 'mongoose';
import {
  HouseholdEntryModel,
  HouseholdModel,
  HouseholdYearModel,
  householdLedger,
  incomeFigures,
  incomePipelines,
  monitoredIds,
} from '#models/households';
import type { Scope } from '#models/kernel/scope';
import type { BenchCase } from './types';

const TARGET = Number(process.env.XL_BENCH_HOUSEHOLD_ENTRIES ?? 5_000_000);
const VILLAGES = 100;
const HOUSEHOLDS = 50_000;
const YEARS = [2022, 2023, 2024, 2025, 2026];
const YEAR = 2026;
const BATCH = 20_000;

interface Ctx {
  scope: Scope;
  householdId: Types.ObjectId;
  monitored: Types.ObjectId[];
  entries: number;
}

let built: Promise<Ctx> | undefined;

/** Builds the county once for all three cases (generated in batches, rollups added up alongside). */
function county(): Promise<Ctx> {
  built ??= (async () => {
    const townId = new Types.ObjectId();
    const villages = Array.from({ length: VILLAGES }, () => new Types.ObjectId());
    const coops = Array.from({ length: VILLAGES / 2 }, () => new Types.ObjectId());
    const base = new Types.ObjectId();
    const plant = new Types.ObjectId();
    const perYear = Math.max(1, Math.round(TARGET / HOUSEHOLDS / YEARS.length));
    let seed = 7;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const households: Record<string, unknown>[] = [];
    for (let i = 0; i < HOUSEHOLDS; i += 1) {
      const v = i % VILLAGES;
      households.push({
        _id: new Types.ObjectId(),
        townId,
        villageId: villages[v],
        number: String(i),
        head: `户主${i}`,
        members: 3,
        phone: '',
        lifted: i % 9 === 0,
        monitored: i % 40 === 0,
        memberships: [
          { orgId: coops[v % coops.length], joinedOn: '2021-01-01', cashFen: 100_000, landMu: 1 },
        ],
        importId: null,
        archivedAt: null,
      });
    }
    for (let i = 0; i < households.length; i += BATCH)
      await HouseholdModel.collection.insertMany(households.slice(i, i + BATCH) as never[], {
        ordered: false,
      });

    let batch: Record<string, unknown>[] = [];
    let entries = 0;
    let n = 0;
    const flush = async () => {
      if (!batch.length) return;
      await HouseholdEntryModel.collection.insertMany(batch as never[], { ordered: false });
      entries += batch.length;
      batch = [];
    };
    const rollups = new Map<string, Record<string, unknown> & { m: number[] }>();
    for (const h of households) {
      const v = villages.indexOf(h.villageId as Types.ObjectId);
      const coop = coops[v % coops.length];
      for (const year of YEARS) {
        for (let k = 0; k < perYear; k += 1) {
          // half income (purchases mostly, some wages and rent), half the payments of them
          const pay = k % 2 === 1;
          const kind = pay ? 'payment' : k % 10 === 2 ? 'wage' : k % 20 === 4 ? 'rent' : 'purchase';
          const payer = kind === 'wage' ? (k % 4 ? base : plant) : kind === 'rent' ? base : coop;
          const month = 1 + Math.floor(rnd() * 12);
          const amountFen = 10_000 + Math.floor(rnd() * 200_000);
          batch.push({
            townId,
            villageId: h.villageId,
            householdId: h._id,
            payerOrgId: payer,
            kind,
            number: `B-${(n += 1)}`,
            on: `${year}-${String(month).padStart(2, '0')}-15`,
            year,
            month,
            amountFen,
            note: '',
            at: new Date(),
            byUserId: null,
            paidFen: 0,
            reversedFen: 0,
            holds: [],
          });
          // the payer's row and the household's all-payers row
          for (const rowPayer of pay ? [] : [payer, null]) {
            const key = `${h._id}:${year}:${rowPayer}`;
            const r =
              rollups.get(key) ??
              ({
                townId,
                villageId: h.villageId,
                householdId: h._id,
                payerOrgId: rowPayer,
                year,
                purchase: 0,
                wage: 0,
                rent: 0,
                dividend: 0,
                total: 0,
                m: Array(12).fill(0),
                holds: [],
              } as Record<string, unknown> & { m: number[] });
            (r as Record<string, number>)[kind] += amountFen;
            (r as Record<string, number>).total += amountFen;
            r.m[month - 1] += amountFen;
            rollups.set(key, r);
          }
          if (batch.length >= BATCH) await flush();
        }
      }
    }
    await flush();
    const rows = [...rollups.values()];
    for (let i = 0; i < rows.length; i += BATCH)
      await HouseholdYearModel.collection.insertMany(rows.slice(i, i + BATCH) as never[], { ordered: false });
    const scope: Scope = { access: 'town', townId, orgId: null };
    return {
      scope,
      householdId: households[123]._id as Types.ObjectId,
      monitored: await monitoredIds(scope),
      entries,
    };
  })();
  return built;
}

const size = () => `100 villages, 50,000 households, ${(TARGET / 1e6).toFixed(1)} M entries`;

export const householdCases: BenchCase<Ctx>[] = [
  {
    name: 'household income figures (a year)',
    size: size(),
    runs: 9,
    setup: county,
    app: (ctx) => incomeFigures(ctx.scope, { year: YEAR }),
    async raw(ctx) {
      const p = incomePipelines(ctx.scope, { year: YEAR }, ctx.monitored);
      await Promise.all([
        HouseholdYearModel.collection.aggregate(p.totals).toArray(),
        HouseholdYearModel.collection.aggregate(p.current).toArray(),
        HouseholdYearModel.collection.aggregate(p.fell).toArray(),
      ]);
    },
  },
  {
    name: 'household income figures vs from entries',
    size: size(),
    runs: 3,
    setup: county,
    app: (ctx) => incomeFigures(ctx.scope, { year: YEAR }),
    // the raw driver adding up the year's entries per household, then per village (a part of
    // the figures only: what the figures would cost without the rollup)
    raw: (ctx) =>
      HouseholdEntryModel.collection
        .aggregate(
          [
            { $match: { townId: ctx.scope.townId, year: YEAR, kind: { $ne: 'payment' } } },
            {
              $group: {
                _id: '$householdId',
                villageId: { $first: '$villageId' },
                total: { $sum: '$amountFen' },
              },
            },
            { $group: { _id: '$villageId', households: { $sum: 1 }, totalFen: { $sum: '$total' } } },
          ],
          { allowDiskUse: true },
        )
        .toArray(),
  },
  {
    name: "one household's ledger",
    size: size(),
    setup: county,
    app: (ctx) => householdLedger(ctx.scope, ctx.householdId),
    async raw(ctx) {
      await Promise.all([
        HouseholdEntryModel.collection
          .find({ householdId: ctx.householdId, townId: ctx.scope.townId })
          .sort({ on: -1, _id: -1 })
          .limit(2000)
          .toArray(),
        HouseholdYearModel.collection
          .find({ householdId: ctx.householdId, townId: ctx.scope.townId })
          .toArray(),
      ]);
    },
  },
];
