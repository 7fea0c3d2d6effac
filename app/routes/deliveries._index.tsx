// Deliveries: a buyer's to confirm first, a seller's own, the town's for officials; with what
// is owed on receipts and for how long, so that unpaid receipts cannot hide.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { toObjectId } from '#models/kernel';
import { listDeliveries, owed } from '#models/trade';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { AGE_BUCKETS, DELIVERY_STATUSES, payState, type DeliveryStatus } from '~/domain/delivery';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { contractNames } from '~/utils/contracts.server';
import { formatDate, formatMoney, formatWeight } from '~/utils/format';
import { useWeightUnit } from '~/utils/use-weight-unit';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';
import { pageParam } from '~/utils/records.server';

const SHOWN = DELIVERY_STATUSES.filter((s) => s !== 'submitting');

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'delivery');
  const url = new URL(request.url);
  const raw = url.searchParams.get('status');
  const status = (SHOWN as readonly string[]).includes(raw ?? '') ? (raw as DeliveryStatus) : undefined;
  const page = pageParam(request);
  const contractId = toObjectId(url.searchParams.get('contract')) ?? undefined;
  const [{ deliveries, hasMore }, debts] = await Promise.all([
    listDeliveries(scope, { status, page, contractId }),
    owed(scope),
  ]);
  const names = await contractNames(deliveries);
  const org = String(user.orgId);
  return {
    contract: contractId ? String(contractId) : '',
    status: status ?? '',
    page,
    hasMore,
    canSubmit: can(user, 'write', 'delivery'),
    buckets: debts.buckets,
    owedFen: debts.totalFen,
    deliveries: deliveries.map((d) => ({
      id: d.id,
      code: d.code,
      deliveredOn: d.deliveredOn,
      status: d.status,
      side: d.buyerOrgId === org ? 'buyer' : d.sellerOrgId === org ? 'seller' : null,
      product: names.products[d.productId] ?? { zh: d.productName, en: d.productName },
      seller: names.orgs[d.sellerOrgId] ?? '—',
      buyer: names.orgs[d.buyerOrgId] ?? '—',
      quantity: d.receipt?.quantity ?? d.submitted.quantity,
      unit: d.unit,
      amountFen: d.receipt?.amountFen ?? d.submitted.amountFen,
      pay: d.receipt ? payState(d.receipt.dueFen, d.paidFen) : null,
      spot: !d.contractId,
    })),
  };
}

export const handle: PageHandle = { scripts: false, title: 'delivery.title' };

export default function DeliveriesPage() {
  const d = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const shownIn = useWeightUnit();
  const link = (status: string, page = 1) => {
    const q = new URLSearchParams();
    if (d.contract) q.set('contract', d.contract);
    if (status) q.set('status', status);
    if (page > 1) q.set('page', String(page));
    const s = q.toString();
    return s ? `/deliveries?${s}` : '/deliveries';
  };
  return (
    <>
      <h1>{t('delivery.title')}</h1>
      {d.canSubmit ? (
        <div className="actions">
          <Link className="button" to="/deliveries/new">
            {t('delivery.new')}
          </Link>
        </div>
      ) : null}
      <section className="card">
        <h2>{t('delivery.owed')}</h2>
        <p>
          <strong>{formatMoney(lng, d.owedFen)}</strong>
        </p>
        <ul className="plain buckets">
          {AGE_BUCKETS.map((b) => (
            <li key={b}>
              {t(`delivery.ages.${b}`)}：{formatMoney(lng, d.buckets[b].fen)}（
              {t('delivery.receiptCount', { count: d.buckets[b].count })}）
            </li>
          ))}
        </ul>
      </section>
      <Form method="get" className="filters">
        {d.contract ? <input type="hidden" name="contract" value={d.contract} /> : null}
        <label>
          {t('delivery.status')}
          <select name="status" defaultValue={d.status}>
            <option value="">{t('delivery.allStatuses')}</option>
            {SHOWN.map((s) => (
              <option key={s} value={s}>
                {t(`delivery.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          {t('action.filter')}
        </button>
      </Form>
      <Table
        cards
        head={
          <tr>
            <th>{t('delivery.code')}</th>
            <th>{t('delivery.deliveredOn')}</th>
            <th>{t('contract.product')}</th>
            <th>{t('contract.sellerShort')}</th>
            <th>{t('contract.buyerShort')}</th>
            <th className="num">{t('delivery.quantity')}</th>
            <th className="num">{t('delivery.amount')}</th>
            <th>{t('delivery.status')}</th>
          </tr>
        }
      >
        {d.deliveries.length === 0 ? <EmptyRow colSpan={8} /> : null}
        {d.deliveries.map((r) => (
          <tr key={r.id}>
            <td>
              <Link to={`/deliveries/${r.id}`}>{r.code}</Link>
            </td>
            <Cell label={t('delivery.deliveredOn')}>{formatDate(lng, r.deliveredOn)}</Cell>
            <Cell label={t('contract.product')}>
              {r.product[lng]}
              {r.spot ? <span className="muted">（{t('delivery.spot')}）</span> : null}
            </Cell>
            <Cell label={t('contract.sellerShort')}>{r.seller}</Cell>
            <Cell label={t('contract.buyerShort')}>{r.buyer}</Cell>
            <Cell label={t('delivery.quantity')} num>
              {formatWeight(lng, r.quantity, r.unit, shownIn)}
            </Cell>
            <Cell label={t('delivery.amount')} num>
              {formatMoney(lng, r.amountFen)}
            </Cell>
            <Cell label={t('delivery.status')}>
              <span className="badge">{t(`delivery.statuses.${r.status}`)}</span>
              {r.pay ? <span className="muted"> {t(`delivery.pay.${r.pay}`)}</span> : null}
            </Cell>
          </tr>
        ))}
      </Table>
      <nav className="pager">
        {d.page > 1 ? <Link to={link(d.status, d.page - 1)}>{t('common.prev')}</Link> : null}
        {d.hasMore ? <Link to={link(d.status, d.page + 1)}>{t('common.next')}</Link> : null}
      </nav>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
