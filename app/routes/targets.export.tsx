// The targets and their progress as XLSX or CSV.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { requireUser } from '~/utils/auth.server';
import { exportColumns, targetsTable } from '~/utils/dashboard-tables.server';
import { townFigures } from '~/utils/dashboard.server';
import { exportFormat, tableFile } from '~/utils/export.server';
import { requirePermission } from '~/utils/permissions.server';
import { resourceLoader } from '~/utils/resource.server';

export const loader = resourceLoader(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'target');
  const format = exportFormat(new URL(request.url));
  if (!format) throw data({ error: 'bad_request' }, { status: 400 });
  const table = targetsTable((await townFigures(scope)).targets, 'zh');
  return tableFile(format, { name: table.title, columns: exportColumns(table), rows: table.rows });
});
