// The records behind a dashboard figure as XLSX or CSV.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { evidenceParams, evidenceTable, exportColumns } from '~/utils/dashboard-tables.server';
import { dashboardExportRequest } from '~/utils/dashboard.server';
import { tableFile } from '~/utils/export.server';
import { auditHouseholdExport } from '~/utils/households.server';
import { resourceLoader } from '~/utils/resource.server';

export const loader = resourceLoader(async ({ request }: LoaderFunctionArgs) => {
  const { user, scope, url, format, names, filter } = await dashboardExportRequest(request);
  const { kind, month } = evidenceParams(url);
  const { table } = await evidenceTable(scope, names, filter, kind, month, 'zh');
  // household names are personal data: the export is recorded before it is served
  if (kind === 'households') {
    await auditHouseholdExport(user, {
      format,
      households: table.rows.length,
      year: filter.year,
      villageId: filter.villageId ?? null,
    });
  }
  return tableFile(format, {
    name: table.title.replace(/[\\/:*?"<>|]/g, '-'),
    columns: exportColumns(table),
    rows: table.rows,
  });
});
