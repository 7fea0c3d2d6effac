// The problem ledger as XLSX or CSV (the list's filters apply).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { listProblems } from '#models/oversight';
import { requireUser } from '~/utils/auth.server';
import { exportColumns } from '~/utils/dashboard-tables.server';
import { todayInShanghai } from '~/utils/dates';
import { exportFormat, tableFile } from '~/utils/export.server';
import { villageNames } from '~/utils/households.server';
import { requirePermission } from '~/utils/permissions.server';
import { problemFilter, problemsTable } from '~/utils/problems.server';
import { resourceLoader } from '~/utils/resource.server';

export const loader = resourceLoader(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'problem');
  const url = new URL(request.url);
  const format = exportFormat(url);
  if (!format) throw data({ error: 'bad_request' }, { status: 400 });
  const [problems, villages] = await Promise.all([
    listProblems(scope, problemFilter(url)),
    villageNames(user.townId),
  ]);
  const table = problemsTable(problems, villages.names, 'zh', todayInShanghai());
  return tableFile(format, { name: table.title, columns: exportColumns(table), rows: table.rows });
});
