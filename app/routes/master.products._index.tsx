import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { listProducts } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, ListHeader, StatusBadge, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatRange, unitName } from '~/utils/format';
import { can, requirePermission } from '~/utils/permissions.server';
import { includeArchived } from '~/utils/records.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'product');
  const products = await listProducts(scope, { includeArchived: includeArchived(request) });
  return { products, canWrite: can(user, 'write', 'product') };
}

export const handle: PageHandle = { scripts: false, title: 'nav.products' };

export default function ProductsPage() {
  const { products, canWrite } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <>
      <ListHeader title={t('nav.products')} newTo="/master/products/new" canWrite={canWrite} />
      <Table
        cards
        head={
          <tr>
            <th>{t('product.code')}</th>
            <th>{t('product.name')}</th>
            <th>{t('product.category')}</th>
            <th>{t('product.unit')}</th>
            <th>{t('product.coldChain')}</th>
            <th>{t('product.yieldRange')}</th>
            <th>{t('common.status')}</th>
          </tr>
        }
      >
        {products.length === 0 ? <EmptyRow colSpan={7} /> : null}
        {products.map((p) => (
          <tr key={p.id}>
            <td>{canWrite ? <Link to={`/master/products/${p.id}`}>{p.code}</Link> : p.code}</td>
            <Cell label={t('product.name')}>{lng === 'en' && p.nameEn ? p.nameEn : p.name}</Cell>
            <Cell label={t('product.category')}>{t(`category.${p.category}`)}</Cell>
            <Cell label={t('product.unit')}>{unitName(lng, p.unit)}</Cell>
            <Cell label={t('product.coldChain')}>
              {formatRange(lng, p.coldChain.minC, p.coldChain.maxC, 'celsius')}
            </Cell>
            <Cell label={t('product.yieldRange')}>
              {formatRange(lng, p.yieldKgPerMu.min, p.yieldKgPerMu.max, 'kgPerMu')}
            </Cell>
            <Cell label={t('common.status')}>
              <StatusBadge archivedAt={p.archivedAt} />
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
