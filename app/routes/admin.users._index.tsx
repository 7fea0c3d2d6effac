import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { listOrganizations, listUsers } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, ListHeader, StatusBadge, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { requirePermission } from '~/utils/permissions.server';
import { includeArchived } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'user');
  const q = new URL(request.url).searchParams.get('q')?.trim().slice(0, 50) || undefined;
  const [users, orgs] = await Promise.all([
    listUsers(scope, { includeArchived: includeArchived(request), q }),
    listOrganizations(scope, { includeArchived: true }),
  ]);
  const orgName = Object.fromEntries(orgs.map((o) => [o.id, o.name]));
  return { users: users.map((u) => ({ ...u, orgName: orgName[u.orgId] ?? '' })) };
}

export const handle: PageHandle = { scripts: false, title: 'nav.users' };

export default function UsersPage() {
  const { users } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  return (
    <>
      <ListHeader title={t('nav.users')} newTo="/admin/users/new" canWrite />
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="q">{t('user.search')}</label>
          <input id="q" name="q" type="search" defaultValue={params.get('q') ?? ''} />
        </div>
        {params.get('archived') ? <input type="hidden" name="archived" value="1" /> : null}
        <button type="submit" className="secondary">
          {t('action.search')}
        </button>
      </Form>
      <Table
        cards
        head={
          <tr>
            <th>{t('user.username')}</th>
            <th>{t('user.displayName')}</th>
            <th>{t('user.role')}</th>
            <th>{t('user.org')}</th>
            <th>{t('common.status')}</th>
          </tr>
        }
      >
        {users.length === 0 ? <EmptyRow colSpan={5} /> : null}
        {users.map((u) => (
          <tr key={u.id}>
            <td>
              <Link to={`/admin/users/${u.id}`}>{u.username}</Link>
            </td>
            <Cell label={t('user.displayName')}>{u.displayName}</Cell>
            <Cell label={t('user.role')}>{t(`role.${u.role}`)}</Cell>
            <Cell label={t('user.org')}>{u.orgName}</Cell>
            <Cell label={t('common.status')}>
              <StatusBadge archivedAt={u.archivedAt} />
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
