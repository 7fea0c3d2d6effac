import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { listOrganizations, listTowns } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, ListHeader, StatusBadge, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { manageableOrgTypes } from '~/utils/organizations.server';
import { can, requirePermission } from '~/utils/permissions.server';
import { includeArchived } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'organization');
  const [organizations, towns] = await Promise.all([
    listOrganizations(scope, { includeArchived: includeArchived(request) }),
    listTowns(scope, { includeArchived: true }),
  ]);
  const townNames = Object.fromEntries(towns.map((t) => [t.id, t.name]));
  const canWrite = can(user, 'write', 'organization');
  const editableTypes = manageableOrgTypes(user.role);
  return {
    organizations: organizations.map((o) => ({
      ...o,
      townName: o.townId ? (townNames[o.townId] ?? '') : '',
      // a row links to its page only when this user may open it (an official manages the
      // town's organizations, not its own government)
      editable: canWrite && editableTypes.includes(o.type),
    })),
    canWrite,
    showTown: scope.access === 'any',
  };
}

export const handle: PageHandle = { scripts: false, title: 'nav.organizations' };

export default function OrganizationsPage() {
  const { organizations, canWrite, showTown } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <ListHeader title={t('nav.organizations')} newTo="/organizations/new" canWrite={canWrite} />
      <Table
        cards
        head={
          <tr>
            <th>{t('org.name')}</th>
            <th>{t('org.type')}</th>
            {showTown ? <th>{t('org.town')}</th> : null}
            <th>{t('org.contactName')}</th>
            <th>{t('common.status')}</th>
          </tr>
        }
      >
        {organizations.length === 0 ? <EmptyRow colSpan={5} /> : null}
        {organizations.map((o) => (
          <tr key={o.id}>
            <td>{o.editable ? <Link to={`/organizations/${o.id}`}>{o.name}</Link> : o.name}</td>
            <Cell label={t('org.type')}>
              {t(`orgType.${o.type}`)}
              {o.level ? ` · ${t(`level.${o.level}`)}` : ''}
            </Cell>
            {showTown ? <Cell label={t('org.town')}>{o.townName}</Cell> : null}
            <Cell label={t('org.contactName')}>{o.contactName}</Cell>
            <Cell label={t('common.status')}>
              <StatusBadge archivedAt={o.archivedAt} />
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
