import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { listLots } from '#models/lot';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { EmptyRow, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatNumber } from '~/utils/format';
import { lotNames } from '~/utils/lots.server';
import { requirePermission } from '~/utils/permissions.server';
import { useLanguage } from '~/utils/use-language';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'lot');
  const [lots, names] = await Promise.all([listLots(scope), lotNames(user)]);
  return { lots, holders: names.orgs };
}

export default function LotsPage() {
  const { lots, holders } = useLoaderData<typeof loader>();
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
            <td>{holders[lot.holderOrgId] ?? '—'}</td>
            <td>{t(`lot.statuses.${lot.status}`)}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
