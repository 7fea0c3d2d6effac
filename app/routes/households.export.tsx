// The household register as a spreadsheet (XLSX, or CSV in GB18030 for Excel), in the import's columns so that an export can be corrected and imported back. It is
// personal data: each export is first recorded in the audit trail (who, when, which filter,
// how many households), and only then served.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { toObjectId } from '#models/kernel';
import { allHouseholds } from '#models/households';
import { requireUser } from '~/utils/auth.server';
import { auditHouseholdExport, orgNames, villageNames } from '~/utils/households.server';
import { householdImport } from '~/utils/imports/households.server';
import { requirePermission } from '~/utils/permissions.server';
import { resourceLoader } from '~/utils/resource.server';
import { tableFile, type CellValue } from '~/utils/export.server';

const FLAGS = ['lifted', 'monitored'] as const;

export const loader = resourceLoader(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'household');
  const url = new URL(request.url);
  const xlsx = url.searchParams.get('format') !== 'csv';
  const villageId = toObjectId(url.searchParams.get('village')) ?? undefined;
  const flag = FLAGS.find((f) => f === url.searchParams.get('flag'));
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 30) || undefined;
  const [households, villages, coops] = await Promise.all([
    allHouseholds(scope, { villageId, flag, q }),
    villageNames(user.townId),
    orgNames(user.townId, ['cooperative']),
  ]);
  const own = user.role === 'cooperative' ? String(user.orgId) : null;
  // one row per household and cooperative it belongs to (a cooperative: its own membership)
  const rows = households.flatMap((h) => {
    const memberships = h.memberships.filter((m) => !own || m.orgId === own);
    const base = [villages.names[h.villageId] ?? '', h.number, h.head, h.members, h.phone];
    const flags = [h.lifted ? '是' : '否', h.monitored ? '是' : '否'];
    if (memberships.length === 0) return [[...base, '', '', '', '', ...flags]];
    return memberships.map((m) => [
      ...base,
      coops.names[m.orgId] ?? '',
      m.joinedOn,
      m.cashFen / 100,
      m.landMu,
      ...flags,
    ]);
  });
  await auditHouseholdExport(user, {
    format: xlsx ? 'xlsx' : 'csv',
    households: households.length,
    ...(villageId && { villageId: String(villageId) }),
    ...(flag && { flag }),
    ...(q && { q }),
  });
  return tableFile(xlsx ? 'xlsx' : 'csv', {
    name: '农户名册',
    columns: householdImport.columns.map((c, i) => ({
      header: c.header,
      value: (r: CellValue[]) => r[i] ?? null,
    })),
    rows: rows as CellValue[][],
  });
});
