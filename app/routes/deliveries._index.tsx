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
import { paren, formatDate, formatMoney, formatWeight } from '~/utils/format';
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
  const own = scope.access === 'own';
  // a list narrowed to what a count on the home page or an age bucket counts
  const side = own ? oneOf(SIDES, url.searchParams.get('side')) : undefined;
  const view = oneOf(VIEWS, url.searchParams.get('view'));
  const age = oneOf(AGE_BUCKETS, url.searchParams.get('age'));
  const [{ deliveries, hasMore }, ...debts] = await Promise.all([
    listDeliveries(scope, { status, page, contractId, side, view, age }),
    // an organization sees what it owes (as buyer) apart from what it is owed (as seller)
    ...(own ? [owed(scope, { side: 'buyer' }), owed(scope, { side: 'seller' })] : [owed(scope)]),
  ]);
  const names = await contractNames(deliveries);
  const org = String(user.orgId);
  const owedCards = (own ? (['buyer', 'seller'] as const) : ([null] as const))
    .map((s, i) => ({
      side: s,
      buckets: debts[i].buckets,
      totalFen: debts[i].totalFen,
      count: debts[i].rows.length,
    }))
    // an organization's side it never trades on stays out of sight
    .filter((c) => !own || c.count > 0 || (c.side === 'buyer') === (user.role === 'enterprise'));
  return {
    contract: contractId ? String(contractId) : '',
    status: status ?? '',
    side: side ?? '',
    view: view ?? '',
    age: age ?? '',
    page,
    hasMore,
    own,
    canSubmit: can(user, 'write', 'delivery'),
    owedCards,
    deliveries: deliveries.map((d) => {
      const mine = d.buyerOrgId === org ? 'buyer' : d.sellerOrgId === org ? 'seller' : null;
      return {
        id: d.id,
        code: d.code,
        deliveredOn: d.deliveredOn,
        status: d.status,
        side: mine,
        product: names.products[d.productId] ?? { zh: d.productName, en: d.productName },
        seller: names.orgs[d.sellerOrgId] ?? '—',
        buyer: names.orgs[d.buyerOrgId] ?? '—',
        quantity: d.receipt?.quantity ?? d.submitted.quantity,
        unit: d.unit,
        amountFen: d.receipt?.amountFen ?? d.submitted.amountFen,
        pay: d.receipt ? payState(d.receipt.dueFen, d.paidFen) : null,
        owedFen: d.owedFen,
        owedDays: d.owedFen > 0 ? d.owedDays : null,
        spot: !d.contractId,
      };
    }),
  };
}

const SIDES = ['buyer', 'seller'] as const;
const VIEWS = ['toAnswer', 'owed'] as const;
function oneOf<T extends string>(choices: readonly T[], raw: string | null): T | undefined {
  return (choices as readonly string[]).includes(raw ?? '') ? (raw as T) : undefined;
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
    if (d.side) q.set('side', d.side);
    if (d.view) q.set('view', d.view);
    if (d.age) q.set('age', d.age);
    if (page > 1) q.set('page', String(page));
    const s = q.toString();
    return s ? `/deliveries?${s}` : '/deliveries';
  };
  const narrowed = d.side || d.view || d.age;
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
      {d.owedCards.map((c) => {
        const sideQuery = c.side ? `side=${c.side}&` : '';
        return (
          <section className="card" key={c.side ?? 'town'} data-owed={c.side ?? 'town'}>
            <h2>
              {t(
                c.side === 'seller'
                  ? 'delivery.owedToUs'
                  : c.side === 'buyer'
                    ? 'delivery.owed'
                    : 'delivery.owedTown',
              )}
            </h2>
            <p>
              <Link to={`/deliveries?${sideQuery}view=owed`}>
                <strong>{formatMoney(lng, c.totalFen)}</strong>
              </Link>
            </p>
            <ul className="plain buckets">
              {AGE_BUCKETS.map((b) => (
                <li key={b}>
                  {c.buckets[b].count > 0 ? (
                    <Link to={`/deliveries?${sideQuery}age=${b}`}>
                      {t('delivery.bucket', {
                        age: t(`delivery.ages.${b}`),
                        amount: formatMoney(lng, c.buckets[b].fen),
                        receipts: t('delivery.receiptCount', { count: c.buckets[b].count }),
                      })}
                    </Link>
                  ) : (
                    t('delivery.bucket', {
                      age: t(`delivery.ages.${b}`),
                      amount: formatMoney(lng, 0),
                      receipts: t('delivery.receiptCount', { count: 0 }),
                    })
                  )}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {narrowed ? (
        <p className="narrowed" role="status">
          {t('delivery.narrowed', {
            what: [
              d.side ? t(`delivery.sides.${d.side}`) : null,
              d.view ? t(`delivery.views.${d.view}`) : null,
              d.age ? t('delivery.ageOf', { age: t(`delivery.ages.${d.age}`) }) : null,
            ]
              .filter(Boolean)
              .join(' · '),
          })}{' '}
          <Link to={d.contract ? `/deliveries?contract=${d.contract}` : '/deliveries'}>
            {t('delivery.showAll')}
          </Link>
        </p>
      ) : null}
      <Form method="get" className="filters">
        {d.contract ? <input type="hidden" name="contract" value={d.contract} /> : null}
        {d.side ? <input type="hidden" name="side" value={d.side} /> : null}
        {d.view ? <input type="hidden" name="view" value={d.view} /> : null}
        {d.age ? <input type="hidden" name="age" value={d.age} /> : null}
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
            {d.own ? (
              <th>{t('delivery.counterparty')}</th>
            ) : (
              <>
                <th>{t('contract.sellerShort')}</th>
                <th>{t('contract.buyerShort')}</th>
              </>
            )}
            <th className="num">{t('delivery.quantity')}</th>
            <th className="num">{t('delivery.amount')}</th>
            <th>{t('delivery.status')}</th>
            <th className="num">{t('delivery.owedNow')}</th>
          </tr>
        }
      >
        {d.deliveries.length === 0 ? <EmptyRow colSpan={d.own ? 8 : 9} /> : null}
        {d.deliveries.map((r) => (
          <tr key={r.id}>
            <td>
              <Link to={`/deliveries/${r.id}`}>{r.code}</Link>
            </td>
            <Cell label={t('delivery.deliveredOn')}>{formatDate(lng, r.deliveredOn)}</Cell>
            <Cell label={t('contract.product')}>
              {r.product[lng]}
              {r.spot ? <span className="muted">{paren(lng, t('delivery.spot'))}</span> : null}
            </Cell>
            {d.own ? (
              // the other party, not the clerk's own company on every row
              <Cell label={t('delivery.counterparty')}>
                {r.side === 'buyer'
                  ? t('delivery.boughtFrom', { org: r.seller })
                  : t('delivery.soldTo', { org: r.buyer })}
              </Cell>
            ) : (
              <>
                <Cell label={t('contract.sellerShort')} wrap>
                  {r.seller}
                </Cell>
                <Cell label={t('contract.buyerShort')} wrap>
                  {r.buyer}
                </Cell>
              </>
            )}
            <Cell label={t('delivery.quantity')} num>
              {formatWeight(lng, r.quantity, r.unit, shownIn)}
            </Cell>
            <Cell label={t('delivery.amount')} num>
              {formatMoney(lng, r.amountFen)}
            </Cell>
            <Cell label={t('delivery.status')} status>
              <span className="badge">{t(`delivery.statuses.${r.status}`)}</span>
              {r.pay ? <span className="muted"> {t(`delivery.pay.${r.pay}`)}</span> : null}
            </Cell>
            <Cell label={t('delivery.owedNow')} num>
              {r.owedDays !== null ? (
                <span className="owed-row">
                  {formatMoney(lng, r.owedFen)}{' '}
                  <span className="muted">{t('delivery.ageDays', { count: r.owedDays })}</span>
                </span>
              ) : null}
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
