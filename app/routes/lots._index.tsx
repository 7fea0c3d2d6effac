import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { listLots } from '#models/lot';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { EmptyRow, Pager, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatNumber } from '~/utils/format';
import { organizationNames } from '~/utils/lots.server';
import { requirePermission } from '~/utils/permissions.server';
import { pageParam } from '~/utils/records.server';
import { useLanguage } from '~/utils/use-language';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'lot');
  const page = pageParam(request);
  const { lots, hasMore } = await listLots(scope, { page });
  // the names of the holders shown, and no other organization's
  const holders = await organizationNames(lots.map((l) => l.holderOrgId));
  return { lots: lots.map((l) => ({ ...l, holder: holders[l.holderOrgId] ?? '—' })), page, hasMore };
}

export default function LotsPage() {
  const { lots, page, hasMore } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <>
      <h1>{t('lot.title')}</h1>
      <Table
        head={
          <tr>
            <th>{t('lot.code')}</th>
            <th>{t('lot.product')}</th>
            <th className="num">{t('lot.quantity')}</th>
            <th>{t('lot.producedAt')}</th>
            <th>{t('lot.holder')}</th>
            <th>{t('lot.status')}</th>
          </tr>
        }
      >
        {lots.length === 0 ? <EmptyRow colSpan={6} /> : null}
        {lots.map((lot) => (
          <tr key={lot.id}>
            <td>
              <Link to={`/lots/${lot.code}`}>{lot.code}</Link>
            </td>
            <td>{lot.productName}</td>
            <td className="num">
              {formatNumber(lng, lot.quantity)} {t(`unit.${lot.unit}`)}
            </td>
            <td>{formatDate(lng, lot.producedAt)}</td>
            <td>{lot.holder}</td>
            <td>{t(`lot.statuses.${lot.status}`)}</td>
          </tr>
        ))}
      </Table>
      <Pager page={page} hasMore={hasMore} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
