// The dashboard's tables of the cold chain (issue 21): the share of finished trips kept in band
// by month and product, the trucks out of range now, and the alerts that failed to reach a group.
// Each drills down to the shipments or the outbox; each exports as the other tables do.
import { coldFigures } from '#models/coldchain';
import type { Scope } from '#models/kernel/scope';
import type { DashboardFilter } from '#models/oversight';
import { translator, type Language } from '~/i18n';
import type { FigureTable } from './dashboard-tables.server';
import type { TownNames } from './dashboard.server';

const pad = (n: number) => String(n).padStart(2, '0');

export async function coldTables(scope: Scope, names: TownNames, f: DashboardFilter, lng: Language) {
  const t = translator(lng);
  const c = await coldFigures(scope.townId!, f.year);
  const product = (id: string) => names.products[id]?.[lng] ?? '—';
  const tables: FigureTable[] = [
    {
      id: 'cold-compliance',
      title: t('dashboard.coldCompliance', { year: String(f.year) }),
      columns: [
        { header: t('dashboard.month') },
        { header: t('dashboard.coldProduct') },
        { header: t('dashboard.coldShipments'), num: true },
        { header: t('dashboard.coldKept'), num: true },
        { header: `${t('dashboard.coldShare')}（%）`, num: true, decimals: 1 },
        { header: t('dashboard.coldExcursion'), num: true },
        { header: t('dashboard.coldBudgetUsed'), num: true },
        { header: t('dashboard.coldGaps'), num: true },
      ],
      rows: c.months.map((m) => ({
        cells: [
          `${f.year}-${pad(m.month)}`,
          product(m.productId),
          m.shipments,
          m.kept,
          m.share,
          m.excursion,
          m.budgetUsed,
          m.gaps,
        ],
        link: '/shipments?status=delivered',
      })),
    },
    {
      id: 'cold-open',
      title: t('dashboard.coldOpen'),
      columns: [
        { header: t('dashboard.coldShipment') },
        { header: t('dashboard.coldProduct') },
        { header: `${t('dashboard.coldLatest')}（°C）`, num: true, decimals: 1 },
        { header: t('dashboard.coldLatestAt'), date: true },
      ],
      rows: c.open.map((s) => ({
        cells: [`${s.code} · ${s.vehiclePlate}`, s.productName, s.lastTempC, s.lastAt],
        link: `/shipments/${s.code}`,
      })),
    },
    {
      id: 'cold-failed',
      title: t('dashboard.coldFailed'),
      columns: [
        { header: t('dashboard.coldMessage'), wrap: true },
        { header: t('dashboard.coldError') },
        { header: t('dashboard.coldLatestAt'), date: true },
      ],
      rows: c.failed.map((m) => ({
        cells: [m.title, `${m.code} ${m.message}`.trim(), m.at],
        link: '/outbox',
      })),
    },
  ];
  return {
    tables,
    figures: { share: c.share, shipments: c.shipments, open: c.open.length, failed: c.failed.length },
  };
}
