// The dashboard's tables, made once on the server: the page shows them (beside each chart,
// for screen readers and for people who would rather read numbers) and the export writes the
// same rows to XLSX or CSV. Money is in 元 (numbers), areas in 亩, weights in kg; each
// header names its unit.
import {
  acreage,
  freshness,
  fulfilmentByEnterprise,
  harvestsBehind,
  householdIncome,
  householdsBehind,
  plantingsBehind,
  receiptsBehind,
  overdue,
  sales,
  type DashboardFilter,
  type TargetProgress,
} from '#models/oversight';
import type { Scope } from '#models/kernel/scope';
import { translator, type Language } from '~/i18n';
import type { CellValue, ExportColumn } from './export.server';
import { plantTables } from './dashboard-plant.server';
import { coldTables } from './dashboard-cold.server';
import { filterLabel, filterQuery, type TownNames, townFigures, today } from './dashboard.server';

export interface FigureTable {
  id: string;
  title: string;
  columns: Array<{ header: string; num?: boolean; date?: boolean; decimals?: number; wrap?: boolean }>;
  rows: Array<{ cells: CellValue[]; link?: string | null }>;
}

const yuan = (fen: number) => Math.round(fen) / 100;
const pad = (n: number) => String(n).padStart(2, '0');

export type DashboardData = Awaited<ReturnType<typeof dashboardData>>;

/** Every figure of the dashboard for a filter, with its tables in the reader's language. */
export async function dashboardData(scope: Scope, names: TownNames, f: DashboardFilter, lng: Language) {
  const t = translator(lng);
  const now = today();
  const { facts, heads, targets } = await townFigures(scope, now, { year: f.year });
  const [fulfil, late, plant, cold] = await Promise.all([
    fulfilmentByEnterprise(scope.townId!, facts, f),
    overdue(scope.townId!, now.date),
    plantTables(scope, names, f, lng),
    coldTables(scope, names, f, lng),
  ]);
  const a = acreage(facts, f);
  const s = sales(facts, f, now);
  const inc = householdIncome(facts, f, now);
  const fresh = freshness(facts);
  const crops = [...new Set(a.bySeason.flatMap((x) => Object.keys(x.byCrop)))];
  const product = (id: string) => names.products[id]?.[lng] ?? '—';
  const village = (id: string) => names.villages[id] ?? '—';
  const org = (id: string) => names.orgs[id] ?? '—';
  const records = (kind: string, extra: Record<string, string | number> = {}) =>
    `/dashboard/records?${filterQuery(f, { kind, ...extra })}`;

  const tables: FigureTable[] = [
    {
      id: 'acreage-by-year',
      title: t('dashboard.acreageByYear'),
      columns: [
        { header: t('dashboard.year') },
        ...crops.map((c) => ({ header: `${product(c)}（${t('dashboard.mu')}）`, num: true, decimals: 2 })),
        { header: `${t('dashboard.total')}（${t('dashboard.mu')}）`, num: true, decimals: 2 },
      ],
      rows: a.bySeason.map((x) => ({
        cells: [String(x.year), ...crops.map((c) => x.byCrop[c] ?? 0), x.total],
        link: records('plantings', { year: x.year }),
      })),
    },
    {
      id: 'acreage-by-village',
      title: t('dashboard.acreageByVillage', { year: String(f.year) }),
      columns: [
        { header: t('dashboard.village') },
        { header: `${t('dashboard.acreage')}（${t('dashboard.mu')}）`, num: true, decimals: 2 },
        { header: t('dashboard.plantings'), num: true },
      ],
      rows: a.byVillage.map((v) => ({
        cells: [village(v.villageId), v.areaMu, v.plantings],
        link: `/dashboard/records?${filterQuery({ ...f, villageId: v.villageId }, { kind: 'plantings' })}`,
      })),
    },
    {
      id: 'sales-by-month',
      title: t('dashboard.salesCumulative', { year: String(f.year) }),
      columns: [
        { header: t('dashboard.month') },
        {
          header: `${t('dashboard.thisYear', { year: String(f.year) })}（${t('dashboard.yuan')}）`,
          num: true,
          decimals: 2,
        },
        { header: `${t('dashboard.total')}（${t('dashboard.yuan')}）`, num: true, decimals: 2 },
        {
          header: `${t('dashboard.lastYear', { year: String(f.year - 1) })}（${t('dashboard.yuan')}）`,
          num: true,
          decimals: 2,
        },
      ],
      rows: s.months.map((m) => ({
        cells: [
          `${f.year}-${pad(m.month)}`,
          yuan(m.fen),
          m.cumFen === null ? null : yuan(m.cumFen),
          yuan(m.lastYearFen),
        ],
        link: m.fen !== 0 ? records('sales', { month: m.month }) : null,
      })),
    },
    {
      id: 'sales-by-buyer',
      title: `${t('dashboard.sales')} · ${t('dashboard.buyer')}`,
      columns: [
        { header: t('dashboard.buyer') },
        { header: t('dashboard.amount'), num: true, decimals: 2 },
        { header: `${t('dashboard.confirmed')}（${t('dashboard.kg')}）`, num: true, decimals: 2 },
        { header: t('dashboard.count'), num: true },
      ],
      rows: s.byBuyer.map((b) => ({
        cells: [org(b.buyerOrgId), yuan(b.fen), b.quantity, b.receipts],
        link: `/dashboard/records?${filterQuery({ ...f, enterpriseId: b.buyerOrgId }, { kind: 'sales' })}`,
      })),
    },
    {
      id: 'income-by-month',
      title: t('dashboard.incomeByMonth', { year: String(f.year) }),
      columns: [
        { header: t('dashboard.month') },
        { header: t('dashboard.linked'), num: true },
        { header: t('dashboard.avg'), num: true, decimals: 2 },
        { header: `${t('dashboard.total')}（${t('dashboard.yuan')}）`, num: true, decimals: 2 },
      ],
      rows: inc.months.map((m) => ({
        cells: [`${f.year}-${pad(m.month)}`, m.linked, yuan(m.avgFen), yuan(m.totalFen)],
        link: m.linked > 0 ? records('households') : null,
      })),
    },
    {
      id: 'income-by-year',
      title: t('dashboard.incomeByYear'),
      columns: [
        { header: t('dashboard.year') },
        { header: t('dashboard.linked'), num: true, decimals: 0 },
        { header: t('dashboard.avg'), num: true, decimals: 2 },
      ],
      // a year without records says so, never 0
      rows: inc.trend.map((y) => ({
        cells: [String(y.year), y.households, y.households > 0 ? yuan(y.avgFen) : t('hincome.noData')],
        link:
          y.households > 0
            ? `/dashboard/records?${filterQuery({ ...f, year: y.year }, { kind: 'households' })}`
            : null,
      })),
    },
    {
      id: 'income-by-village',
      title: t('dashboard.incomeByVillage', { year: String(f.year) }),
      columns: [
        { header: t('dashboard.village') },
        { header: t('dashboard.linked'), num: true },
        { header: t('dashboard.avg'), num: true, decimals: 2 },
        { header: t('dashboard.avgLastYear'), num: true, decimals: 2 },
      ],
      rows: inc.byVillage.map((v) => ({
        cells: [village(v.villageId), v.linked, yuan(v.avgFen), yuan(v.lastYearAvgFen)],
        link: `/dashboard/records?${filterQuery({ ...f, villageId: v.villageId }, { kind: 'households' })}`,
      })),
    },
    {
      id: 'fulfilment',
      title: t('dashboard.fulfilment', { year: String(f.year) }),
      columns: [
        { header: t('dashboard.buyer') },
        { header: t('dashboard.contracts'), num: true },
        { header: `${t('dashboard.committed')}（${t('dashboard.kg')}）`, num: true, decimals: 2 },
        { header: `${t('dashboard.delivered')}（${t('dashboard.kg')}）`, num: true, decimals: 2 },
        { header: `${t('dashboard.confirmed')}（${t('dashboard.kg')}）`, num: true, decimals: 2 },
        { header: `${t('dashboard.rate')}（%）`, num: true, decimals: 1 },
      ],
      rows: fulfil.map((b) => ({
        cells: [
          org(b.buyerOrgId),
          b.contracts,
          b.committed,
          b.delivered,
          b.confirmed,
          Math.round(b.rate * 1000) / 10,
        ],
        link: `/dashboard/records?${filterQuery({ ...f, enterpriseId: b.buyerOrgId }, { kind: 'sales' })}`,
      })),
    },
    {
      id: 'overdue',
      title: t('dashboard.overdueReceipts'),
      columns: [
        { header: t('dashboard.buyer') },
        { header: t('dashboard.count'), num: true },
        { header: t('dashboard.amount'), num: true, decimals: 2 },
        { header: t('dashboard.oldest'), num: true },
      ],
      rows: late.byBuyer.map((b) => ({
        cells: [org(b.buyerOrgId), b.count, yuan(b.fen), b.oldestDays],
        link: '/deliveries',
      })),
    },
    {
      id: 'freshness',
      title: t('dashboard.freshness'),
      columns: [
        { header: t('dashboard.village') },
        { header: t('dashboard.lastRecord'), date: true },
        { header: t('dashboard.daysAgo', { days: '' }).trim(), num: true },
      ],
      rows: names.villageOptions.map((v) => {
        const x = fresh.find((r) => r.villageId === v.value);
        const days = x?.latest ? Math.floor((Date.now() - x.latest.getTime()) / 86_400_000) : null;
        return {
          cells: [v.label, x?.latest ?? null, days],
          link: `/dashboard/records?${filterQuery({ ...f, villageId: v.value }, { kind: 'plantings' })}`,
        };
      }),
    },
    targetsTable(targets, lng),
    ...plant.tables,
    ...cold.tables,
  ];

  return {
    now,
    facts,
    heads,
    targets,
    a,
    s,
    inc,
    fulfil,
    late,
    fresh,
    crops,
    tables,
    plant: plant.figures,
    cold: cold.figures,
  };
}

/** The targets, their figures now, progress and where the trend takes them. */
export function targetsTable(targets: TargetProgress[], lng: Language): FigureTable {
  const t = translator(lng);
  return {
    id: 'targets',
    title: t('dashboard.targets'),
    columns: [
      { header: t('target.name') },
      { header: t('target.metric') },
      { header: t('target.value'), num: true, decimals: 2 },
      { header: t('target.current'), num: true, decimals: 2 },
      { header: `${t('target.progress')}（%）`, num: true, decimals: 1 },
      { header: t('target.unit') },
      { header: t('target.deadline'), date: true },
      { header: t('target.projection') },
    ],
    rows: targets.map((p) => ({
      cells: [
        p.target.title,
        t(`target.metrics.${p.target.metric}`),
        p.target.value,
        p.current,
        Math.round(p.progress * 1000) / 10,
        t(`target.units.${p.target.unit}`),
        p.target.deadline,
        projectionText(p, lng),
      ],
      link: `/targets/${p.target.id}`,
    })),
  };
}

/** The projection in words. */
/** A projected date this many years past the deadline reads as "not reached at this trend". */
const FAR_LATE_YEARS = 3;

export function projectionText(p: TargetProgress, lng: Language) {
  const t = translator(lng);
  const pr = p.projection;
  if (pr.status === 'onTrack' || pr.status === 'late') {
    const y = Math.floor(pr.reachAt);
    const m = Math.min(12, Math.floor((pr.reachAt - y) * 12) + 1);
    // years past the deadline is not a date to plan by: the target is not reached at this trend
    const deadlineYear = Number(p.target.deadline.slice(0, 4));
    if (pr.status === 'late' && y - deadlineYear >= FAR_LATE_YEARS)
      return t('target.status.farLate', { year: String(y) });
    return t(`target.status.${pr.status}`, { at: `${y}-${pad(m)}` });
  }
  return t(`target.status.${pr.status}`);
}

/** A table's export columns (the cells by position). */
export function exportColumns(table: FigureTable): ExportColumn<FigureTable['rows'][number]>[] {
  return table.columns.map((c, i) => ({
    header: c.header,
    date: c.date,
    decimals: c.decimals,
    value: (r) => r.cells[i] ?? null,
  }));
}

export const EVIDENCE_KINDS = ['plantings', 'sales', 'households', 'harvests'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** The kind and month a records link asks for (unknown ones: plantings, the whole year). */
export function evidenceParams(url: URL) {
  const kind = EVIDENCE_KINDS.find((k) => k === url.searchParams.get('kind')) ?? 'plantings';
  const m = Number(url.searchParams.get('month'));
  const month = Number.isInteger(m) && m >= 1 && m <= 12 ? m : undefined;
  return { kind, month };
}

/** The records behind a figure as a table, with their sum (the figure they make up). */
export async function evidenceTable(
  scope: Scope,
  names: TownNames,
  f: DashboardFilter,
  kind: EvidenceKind,
  month: number | undefined,
  lng: Language,
) {
  const t = translator(lng);
  const townId = scope.townId!;
  const product = (id: unknown) => names.products[String(id)]?.[lng] ?? '—';
  const village = (id: unknown) => names.villages[String(id)] ?? '—';
  const org = (id: unknown) => names.orgs[String(id)] ?? '—';
  // the period and what the filter narrows to: the page's title and the export's file name
  const period = [month ? `${f.year}-${pad(month)}` : String(f.year), filterLabel(f, names, lng)]
    .filter(Boolean)
    .join(' · ');
  if (kind === 'plantings') {
    const { docs, total } = await plantingsBehind(townId, f);
    const table: FigureTable = {
      id: 'plantings',
      title: `${t('dashboard.acreage')} · ${period}`,
      columns: [
        { header: t('planting.ref') },
        { header: t('dashboard.village') },
        { header: t('dashboard.crop') },
        { header: `${t('dashboard.acreage')}（${t('dashboard.mu')}）`, num: true, decimals: 2 },
        { header: `${t('dashboard.households')}`, num: true },
        { header: t('planting.plantedOn'), date: true },
        { header: t('role.cooperative') },
      ],
      rows: docs.map((p) => ({
        cells: [
          p.ref,
          village(p.villageId),
          product(p.productId),
          p.areaMu,
          p.households,
          p.plantedOn,
          org(p.orgId),
        ],
        link: `/plantings/${p._id}`,
      })),
    };
    return { table, total, sum: round2(docs.reduce((a, p) => a + p.areaMu, 0)), sumColumn: 3 };
  }
  if (kind === 'sales') {
    const { docs, total } = await receiptsBehind(townId, f, month);
    const table: FigureTable = {
      id: 'receipts',
      title: `${t('dashboard.sales')} · ${period}`,
      columns: [
        { header: t('delivery.receipt') },
        { header: t('delivery.confirmedAt'), date: true },
        { header: t('dashboard.buyer') },
        { header: t('role.cooperative') },
        { header: t('dashboard.crop') },
        { header: `${t('dashboard.confirmed')}（${t('dashboard.kg')}）`, num: true, decimals: 2 },
        { header: t('dashboard.amount'), num: true, decimals: 2 },
      ],
      rows: docs.map((e) => ({
        cells: [
          e.number,
          e.at,
          org(e.buyerOrgId),
          org(e.sellerOrgId),
          product(e.productId),
          e.kind === 'receipt' ? (e.quantity ?? 0) : 0,
          yuan(e.amountFen ?? 0),
        ],
        link: `/deliveries/${e.deliveryId}`,
      })),
    };
    return { table, total, sum: yuan(docs.reduce((a, e) => a + (e.amountFen ?? 0), 0)), sumColumn: 6 };
  }
  if (kind === 'households') {
    const { docs, total } = await householdsBehind(townId, f);
    const table: FigureTable = {
      id: 'households',
      title: `${t('dashboard.householdsLinked')} · ${period}`,
      columns: [
        { header: t('household.number') },
        { header: t('household.head') },
        { header: t('dashboard.village') },
        { header: `${t('dashboard.total')}（${t('dashboard.yuan')}）`, num: true, decimals: 2 },
      ],
      rows: docs.map((r) => ({
        cells: [r.household?.number ?? '—', r.household?.head ?? '—', village(r.villageId), yuan(r.total)],
        link: `/households/${r.householdId}`,
      })),
    };
    return { table, total, sum: yuan(docs.reduce((a, r) => a + r.total, 0)), sumColumn: 3 };
  }
  const { docs, total } = await harvestsBehind(townId, f, month);
  const table: FigureTable = {
    id: 'harvests',
    title: `${t('dashboard.harvests')} · ${period}`,
    columns: [
      { header: t('lot.code') },
      { header: t('dashboard.village') },
      { header: t('dashboard.crop') },
      { header: t('harvest.harvestedOn'), date: true },
      { header: `${t('dashboard.harvests')}（${t('dashboard.kg')}）`, num: true, decimals: 2 },
    ],
    rows: docs.map((h) => ({
      cells: [h.lotCode, village(h.villageId), product(h.productId), h.harvestedOn, h.quantityKg],
      link: `/harvests/${h._id}`,
    })),
  };
  return { table, total, sum: round2(docs.reduce((a, h) => a + h.quantityKg, 0)), sumColumn: 4 };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
