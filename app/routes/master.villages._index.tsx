import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { listVillages } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { EmptyRow, ListHeader, StatusBadge, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatNumber } from '~/utils/format';
import { can, requirePermission } from '~/utils/permissions.server';
import { includeArchived } from '~/utils/records.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'village');
  const villages = await listVillages(scope, { includeArchived: includeArchived(request) });
  return { villages, canWrite: can(user, 'write', 'village') };
}

export const handle: PageHandle = { scripts: false, title: 'nav.villages' };

export default function VillagesPage() {
  const { villages, canWrite } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const total = villages.filter((v) => !v.archivedAt).reduce((sum, v) => sum + v.households, 0);
  return (
    <>
      <ListHeader title={t('nav.villages')} newTo="/master/villages/new" canWrite={canWrite} />
      <Table
        head={
          <tr>
            <th>{t('village.name')}</th>
            <th className="num">{t('village.households')}</th>
            <th>{t('common.status')}</th>
          </tr>
        }
        foot={
          <tr>
            <td>{t('common.total')}</td>
            <td className="num">{formatNumber(lng, total)}</td>
            <td />
          </tr>
        }
      >
        {villages.length === 0 ? <EmptyRow colSpan={3} /> : null}
        {villages.map((v) => (
          <tr key={v.id}>
            <td>{canWrite ? <Link to={`/master/villages/${v.id}`}>{v.name}</Link> : v.name}</td>
            <td className="num">{formatNumber(lng, v.households)}</td>
            <td>
              <StatusBadge archivedAt={v.archivedAt} />
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
