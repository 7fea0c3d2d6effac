// The dashboard's tables of the processing plants (issue 20): intake by month, by supplier and
// village, output and yield by month and product, the runs flagged for a check, and the stock.
// Each drills down to the tickets or runs; each exports as the other tables do.
import { plantFigures } from '#models/plant';
import type { Scope } from '#models/kernel/scope';
import type { DashboardFilter } from '#models/oversight';
import { translator, type Language } from '~/i18n';
import type { FigureTable } from './dashboard-tables.server';
import type { TownNames } from './dashboard.server';

const pad = (n: number) => String(n).padStart(2, '0');

export async function plantTables(scope: Scope, names: TownNames, f: DashboardFilter, lng: Language) {
  const t = translator(lng);
  const p = await plantFigures(scope.townId!, f.year);
  const kg = (label: string) => `${label}（${t('dashboard.kg')}）`;
  const product = (id: string) => names.products[id]?.[lng] ?? '—';
  const tables: FigureTable[] = [
    {
      id: 'plant-intake-by-month',
      title: t('dashboard.plantIntakeByMonth', { year: String(f.year) }),
      columns: [
        { header: t('dashboard.month') },
        { header: t('dashboard.tickets'), num: true },
        { header: kg(t('intake.netKg')), num: true, decimals: 1 },
        { header: kg(t('intake.payable')), num: true, decimals: 1 },
        { header: kg(t('dashboard.shrinkage')), num: true, decimals: 1 },
      ],
      rows: p.intakeByMonth.map((m) => ({
        cells: [`${f.year}-${pad(m.month)}`, m.tickets, m.netKg, m.payableKg, m.shrinkageKg],
        link: `/intake?month=${f.year}-${pad(m.month)}`,
      })),
    },
    {
      id: 'plant-intake-by-supplier',
      title: t('dashboard.plantIntakeBySupplier', { year: String(f.year) }),
      columns: [
        { header: t('intake.supplier') },
        { header: t('dashboard.village') },
        { header: t('dashboard.tickets'), num: true },
        { header: kg(t('intake.netKg')), num: true, decimals: 1 },
        { header: kg(t('dashboard.shrinkage')), num: true, decimals: 1 },
      ],
      rows: p.intakeBySupplier.map((s) => ({
        cells: [
          names.orgs[s.supplierOrgId] ?? '—',
          s.villageId ? (names.villages[s.villageId] ?? '—') : t('dashboard.severalVillages'),
          s.tickets,
          s.netKg,
          s.shrinkageKg,
        ],
        link: `/intake?year=${f.year}`,
      })),
    },
    {
      id: 'plant-output',
      title: t('dashboard.plantOutput', { year: String(f.year) }),
      columns: [
        { header: t('dashboard.month') },
        { header: t('run.mainProduct') },
        { header: t('dashboard.runs'), num: true },
        { header: kg(t('run.inputKg')), num: true, decimals: 1 },
        { header: kg(t('run.mainKg')), num: true, decimals: 1 },
        { header: kg(t('dashboard.byProduct')), num: true, decimals: 1 },
        { header: `${t('run.yield')}（%）`, num: true, decimals: 1 },
        { header: t('dashboard.runsFlagged'), num: true },
      ],
      rows: p.output.map((o) => ({
        cells: [
          `${f.year}-${pad(o.month)}`,
          product(o.productId),
          o.runs,
          o.inputKg,
          o.mainKg,
          o.byKg,
          o.yieldPct,
          o.flagged,
        ],
        link: '/runs',
      })),
    },
    {
      id: 'plant-flagged',
      title: t('dashboard.plantFlagged'),
      columns: [
        { header: t('run.number') },
        { header: t('run.plant') },
        { header: t('run.closedAt'), date: true },
        { header: `${t('run.yield')}（%）`, num: true, decimals: 1 },
        { header: t('dashboard.band') },
      ],
      rows: p.flagged.map((r) => ({
        cells: [r.number, r.plant, r.closedAt, r.yieldPct, `${r.band.min ?? '—'}–${r.band.max ?? '—'}%`],
        link: `/runs/${r.id}`,
      })),
    },
    {
      id: 'plant-stock',
      title: t('dashboard.plantStock'),
      columns: [
        { header: t('run.plant') },
        { header: t('intake.product') },
        { header: t('plantHome.lots'), num: true },
        { header: kg(t('plantHome.kg')), num: true, decimals: 1 },
        { header: t('dashboard.oldestLot'), date: true },
      ],
      rows: p.stock.map((s) => ({ cells: [s.plant, s.product, s.lots, s.kg, s.oldest], link: null })),
    },
  ];
  return { figures: p, tables };
}
