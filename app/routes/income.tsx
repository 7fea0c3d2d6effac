// Sales income from receipts (reversals count against it): a cooperative's or base's own by
// month, the town's for officials by month and by cooperative, enterprise or product.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { income } from '#models/trade';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { contractNames } from '~/utils/contracts.server';
import { colon, formatMoney, formatNumber } from '~/utils/format';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';

const GROUPS = ['seller', 'buyer', 'product'] as const;
type Group = (typeof GROUPS)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'income');
  const url = new URL(request.url);
  const by = (GROUPS as readonly string[]).includes(url.searchParams.get('by') ?? '')
    ? (url.searchParams.get('by') as Group)
    : scope.access === 'own'
      ? 'buyer'
      : 'seller';
  const rows = await income(scope);
  const names = await contractNames(
    rows.map((r) => ({ buyerOrgId: r.buyerOrgId, sellerOrgId: r.sellerOrgId, productId: r.productId })),
  );
  const keyOf = (r: (typeof rows)[number]) =>
    by === 'seller' ? r.sellerOrgId : by === 'buyer' ? r.buyerOrgId : r.productId;
  const grouped = new Map<string, { month: string; key: string; amountFen: number; receipts: number }>();
  const months = new Map<string, number>();
  for (const r of rows) {
    const id = `${r.month}|${keyOf(r)}`;
    const g = grouped.get(id) ?? { month: r.month, key: keyOf(r), amountFen: 0, receipts: 0 };
    g.amountFen += r.amountFen;
    g.receipts += r.receipts;
    grouped.set(id, g);
    months.set(r.month, (months.get(r.month) ?? 0) + r.amountFen);
  }
  const label = (key: string) =>
    by === 'product'
      ? (names.products[key] ?? { zh: '—', en: '—' })
      : { zh: names.orgs[key] ?? '—', en: names.orgs[key] ?? '—' };
  return {
    by,
    town: scope.access !== 'own',
    months: [...months].map(([month, amountFen]) => ({ month, amountFen })).reverse(),
    rows: [...grouped.values()].reverse().map((g) => ({ ...g, name: label(g.key) })),
    totalFen: rows.reduce((s, r) => s + r.amountFen, 0),
  };
}

export const handle: PageHandle = { scripts: false, title: 'income.title' };

export default function IncomePage() {
  const d = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  return (
    <>
      <h1>{t('income.title')}</h1>
      <p className="muted">{t('income.hint')}</p>
      <p>
        {t('income.total')}
        {colon(lng)}
        <strong>{formatMoney(lng, d.totalFen)}</strong>
      </p>
      <Form method="get" className="filters">
        <label>
          {t('income.by')}
          <select name="by" defaultValue={d.by}>
            {GROUPS.filter((g) => d.town || g !== 'seller').map((g) => (
              <option key={g} value={g}>
                {t(`income.groups.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          {t('action.filter')}
        </button>
      </Form>
      <h2>{t('income.byMonth')}</h2>
      <Table
        cards
        head={
          <tr>
            <th>{t('contract.month')}</th>
            <th className="num">{t('income.amount')}</th>
          </tr>
        }
      >
        {d.months.length === 0 ? <EmptyRow colSpan={2} /> : null}
        {d.months.map((m) => (
          <tr key={m.month}>
            <td>{m.month}</td>
            <Cell label={t('income.amount')} num>
              {formatMoney(lng, m.amountFen)}
            </Cell>
          </tr>
        ))}
      </Table>
      <h2>{t(`income.groups.${d.by}`)}</h2>
      <Table
        cards
        head={
          <tr>
            <th>{t('contract.month')}</th>
            <th>{t(`income.groups.${d.by}`)}</th>
            <th className="num">{t('income.receipts')}</th>
            <th className="num">{t('income.amount')}</th>
          </tr>
        }
      >
        {d.rows.length === 0 ? <EmptyRow colSpan={4} /> : null}
        {d.rows.map((r) => (
          <tr key={`${r.month}-${r.key}`}>
            <td>{r.month}</td>
            <Cell label={t(`income.groups.${d.by}`)}>{r.name[lng]}</Cell>
            <Cell label={t('income.receipts')} num>
              {formatNumber(lng, r.receipts)}
            </Cell>
            <Cell label={t('income.amount')} num>
              {formatMoney(lng, r.amountFen)}
            </Cell>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
