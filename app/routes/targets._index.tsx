// The town's targets: each with its figure now, progress from the baseline, and whether the
// recent trend reaches it by the deadline (or by when it would).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FigureTableView } from '~/components/figure-table';
import { ListHeader } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { targetsTable } from '~/utils/dashboard-tables.server';
import { townFigures } from '~/utils/dashboard.server';
import { getLanguage } from '~/utils/i18n.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'target');
  const lng = await getLanguage(request, user.locale);
  const includeArchived = new URL(request.url).searchParams.get('archived') === '1';
  const { targets } = await townFigures(scope, undefined, { includeArchived });
  return { table: targetsTable(targets, lng), canWrite: can(user, 'write', 'target') };
}

export const handle: PageHandle = { words: ['dashboard'], scripts: false, title: 'target.title' };

export default function TargetsPage() {
  const { table, canWrite } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <ListHeader title={t('target.title')} newTo="/targets/new" canWrite={canWrite} />
      <FigureTableView table={table} exportQuery="" exportPath="/targets/export" open />
      <p className="muted small">{t('dashboard.method')}</p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
