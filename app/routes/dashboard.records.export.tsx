// The records behind a dashboard figure as XLSX or CSV.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { actorOf, requireUser } from '~/utils/auth.server';
import { Types } from 'mongoose';
import { appendAudit } from '#models/audit';
import { storedActor } from '#models/operation';
import { evidenceParams, evidenceTable, exportColumns } from '~/utils/dashboard-tables.server';
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
  const { kind, month } = evidenceParams(url);
  const { table } = await evidenceTable(scope, names, filter, kind, month, 'zh');
  if (kind === 'households') {
    // household names: personal data, so the export is recorded before it is served
    await appendAudit({
      actor: storedActor(actorOf(user)),
      action: 'export',
      entity: 'Household',
      recordId: new Types.ObjectId(),
      townId: user.townId,
      label: `${table.rows.length}`,
      before: null,
      after: {
        format,
        households: table.rows.length,
        year: filter.year,
        villageId: filter.villageId ?? null,
      },
      changed: [],
    });
  }
  return tableFile(format, {
    name: table.title.replace(/[\\/:*?"<>|]/g, '-'),
    columns: exportColumns(table),
    rows: table.rows,
  });
});
