import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { listTowns } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, ListHeader, StatusBadge, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { requirePermission } from '~/utils/permissions.server';
import { includeArchived } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'town');
  return { towns: await listTowns(scope, { includeArchived: includeArchived(request) }) };
}

export const handle: PageHandle = { scripts: false, title: 'nav.towns' };

export default function TownsPage() {
  const { towns } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <ListHeader title={t('nav.towns')} newTo="/admin/towns/new" canWrite />
      <Table
        cards
        head={
          <tr>
            <th>{t('town.name')}</th>
            <th>{t('town.code')}</th>
            <th>{t('town.county')}</th>
            <th>{t('town.countyCode')}</th>
            <th>{t('common.status')}</th>
          </tr>
        }
      >
        {towns.length === 0 ? <EmptyRow colSpan={5} /> : null}
        {towns.map((town) => (
          <tr key={town.id}>
            <td>
              <Link to={`/admin/towns/${town.id}`}>{town.name}</Link>
            </td>
            <Cell label={t('town.code')}>{town.code}</Cell>
            <Cell label={t('town.county')}>{town.county}</Cell>
            <Cell label={t('town.countyCode')}>{town.countyCode}</Cell>
            <Cell label={t('common.status')}>
              <StatusBadge archivedAt={town.archivedAt} />
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
