// A dashboard table as XLSX or CSV: the same rows the page shows, with Chinese headers.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { requireUser } from '~/utils/auth.server';
import { dashboardData, exportColumns } from '~/utils/dashboard-tables.server';
import { readFilter, townNames } from '~/utils/dashboard.server';
import { exportFormat, tableFile } from '~/utils/export.server';
import { requirePermission } from '~/utils/permissions.server';
import { resourceLoader } from '~/utils/resource.server';

export const loader = resourceLoader(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'dashboard');
  const url = new URL(request.url);
  const format = exportFormat(url);
  if (!format) throw data({ error: 'bad_request' }, { status: 400 });
  const names = await townNames(user.townId);
  const { filter } = readFilter(url, names);
  const { tables } = await dashboardData(scope, names, filter, 'zh');
  const table = tables.find((x) => x.id === url.searchParams.get('table'));
  if (!table) throw data({ error: 'not_found' }, { status: 404 });
  return tableFile(format, {
    name: `${table.title}_${filter.year}`,
    columns: exportColumns(table),
    rows: table.rows,
  });
});
