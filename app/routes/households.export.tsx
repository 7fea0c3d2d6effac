// The household register as a spreadsheet (XLSX, or CSV for Excel: UTF-8 with a byte-order
// mark), in the import's columns so that an export can be corrected and imported back. It is
// personal data: each export is first recorded in the audit trail (who, when, which filter,
// how many households), and only then served.
import type { LoaderFunctionArgs } from '@remix-run/node';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { Types } from 'mongoose';
import { appendAudit } from '#models/audit';
import { toObjectId } from '#models/common';
import { allHouseholds } from '#models/household';
import { storedActor } from '#models/operation';
import { actorOf, requireUser } from '~/utils/auth.server';
import { orgNames, villageNames } from '~/utils/households.server';
import { householdImport } from '~/utils/imports/households.server';
import { requirePermission } from '~/utils/permissions.server';
import { resourceLoader } from '~/utils/resource.server';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FLAGS = ['lifted', 'monitored'] as const;

/**
 * A cell Excel would read as a formula (=, @, or + / - before something not a number) is
 * written with a leading apostrophe, so that opening the file never runs anything.
 */
function inertCell(value: unknown) {
  return typeof value === 'string' && /^(=|@|[+-][^\d\s])/.test(value) ? `'${value}` : value;
}

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
  await appendAudit({
    actor: storedActor(actorOf(user)),
    action: 'export',
    entity: 'Household',
    recordId: new Types.ObjectId(),
    townId: user.townId,
    label: `${households.length}`,
    before: null,
    after: {
      format: xlsx ? 'xlsx' : 'csv',
      households: households.length,
      ...(villageId && { villageId: String(villageId) }),
      ...(flag && { flag }),
      ...(q && { q }),
    },
    changed: [],
  });
  const header = householdImport.columns.map((c) => c.header);
  const name = encodeURIComponent(`农户名册.${xlsx ? 'xlsx' : 'csv'}`);
  let body: BodyInit;
  if (xlsx) {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('农户名册');
    sheet.addRow(header).font = { bold: true };
    for (const row of rows) sheet.addRow(row);
    sheet.columns.forEach((col) => (col.width = 14));
    body = new Uint8Array(await workbook.xlsx.writeBuffer());
  } else {
    body = '\uFEFF' + Papa.unparse([header, ...rows.map((r) => r.map(inertCell))]) + '\r\n';
  }
  return new Response(body, {
    headers: {
      'Content-Type': xlsx ? XLSX_TYPE : 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename*=UTF-8''${name}`,
      'Cache-Control': 'no-store',
    },
  });
});
