import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { listLots } from '#models/lots';
import { stockByProduct } from '#models/plant';
import { StockTable } from '~/components/plant-home';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Pager, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatDate, type Unit, formatWeight } from '~/utils/format';
import { useWeightUnit } from '~/utils/use-weight-unit';
import { organizationNames, productNames } from '~/utils/lots.server';
import { requirePermission } from '~/utils/permissions.server';
import { pageParam } from '~/utils/records.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'lot');
  const page = pageParam(request);
  const code = (new URL(request.url).searchParams.get('code') ?? '').trim().slice(0, 40);
  const { lots, hasMore } = await listLots(scope, {
    page,
    code: /^[A-Za-z0-9-]+$/.test(code) ? code : undefined,
  });
  // the names of the holders and products shown, and no other organization's
  const [holders, products, stock] = await Promise.all([
    organizationNames(lots.map((l) => l.holderOrgId)),
    productNames(lots.map((l) => l.productId)),
    // a plant's stock by product: raw material and products, with the oldest lot's age
    user.role === 'plant' && page === 1 ? stockByProduct(scope, { holder: scope.orgId! }) : null,
  ]);
  return {
    lots: lots.map((l) => ({
      ...l,
      holder: holders[l.holderOrgId] ?? '—',
      product: products[l.productId] ?? { zh: l.productName, en: l.productName },
    })),
    page,
    hasMore,
    stock,
    now: new Date().toISOString(),
  };
}

export const handle: PageHandle = { words: ['plant'], scripts: false, title: 'lot.title' };

export default function LotsPage() {
  const { lots, page, hasMore, stock, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const shownIn = useWeightUnit();
  const lng = useLanguage();
  const [params] = useSearchParams();
  return (
    <>
      <h1>{t('lot.title')}</h1>
      {stock ? (
        <section className="card">
          <h2>{t('plantHome.stock')}</h2>
          <StockTable stock={stock} now={now} />
        </section>
      ) : null}
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="lot-code">{t('lot.findByCode')}</label>
          <input
            id="lot-code"
            name="code"
            defaultValue={params.get('code') ?? ''}
            placeholder="LFT-GG-20261015"
          />
        </div>
        <button type="submit" className="secondary">
          {t('action.search')}
        </button>
      </Form>
      <Form method="get" action="/lots/labels">
        <Table
          cards
          head={
            <tr>
              <th>{t('lot.code')}</th>
              <th>{t('lot.product')}</th>
              <th className="num">{t('lot.quantity')}</th>
              <th>{t('lot.producedAt')}</th>
              <th>{t('lot.holder')}</th>
              <th>{t('lot.status')}</th>
              <th>{t('lot.label')}</th>
            </tr>
          }
        >
          {lots.length === 0 ? <EmptyRow colSpan={7} /> : null}
          {lots.map((lot) => (
            <tr key={lot.id}>
              <Cell label={t('lot.code')}>
                <Link to={`/lots/${lot.code}`}>{lot.code}</Link>
              </Cell>
              <Cell label={t('lot.product')}>{lot.product[lng]}</Cell>
              <Cell label={t('lot.quantity')} num>
                {formatWeight(lng, lot.quantity, lot.unit as Unit, shownIn)}
              </Cell>
              <Cell label={t('lot.producedAt')}>{formatDate(lng, lot.producedAt)}</Cell>
              <Cell label={t('lot.holder')}>{lot.holder}</Cell>
              <Cell label={t('lot.status')} status>
                {t(`lot.statuses.${lot.status}`)}
              </Cell>
              <Cell label={t('lot.label')}>
                <input
                  type="checkbox"
                  name="code"
                  value={lot.code}
                  aria-label={t('lot.pickLabel', { code: lot.code })}
                />
              </Cell>
            </tr>
          ))}
        </Table>
        {lots.length ? (
          <p className="actions">
            <button type="submit" className="secondary">
              {t('lot.printLabels')}
            </button>
          </p>
        ) : null}
      </Form>
      <Pager page={page} hasMore={hasMore} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
