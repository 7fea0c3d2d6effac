// A dashboard table as XLSX or CSV: the same rows the page shows, with Chinese headers.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { dashboardData, exportColumns } from '~/utils/dashboard-tables.server';
import { dashboardExportRequest, filterLabel } from '~/utils/dashboard.server';
import { tableFile } from '~/utils/export.server';
import { resourceLoader } from '~/utils/resource.server';

export const loader = resourceLoader(async ({ request }: LoaderFunctionArgs) => {
  const { scope, url, format, names, filter } = await dashboardExportRequest(request);
  const { tables } = await dashboardData(scope, names, filter, 'zh');
  const table = tables.find((x) => x.id === url.searchParams.get('table'));
  if (!table) throw data({ error: 'not_found' }, { status: 404 });
  return tableFile(format, {
    name: [table.title, filterLabel(filter, names, 'zh'), filter.year]
      .filter(Boolean)
      .join('_')
      .replace(/[\\/:*?"<>|]/g, '-'),
    columns: exportColumns(table),
    rows: table.rows,
  });
});
