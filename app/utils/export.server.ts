// Tables as files for spreadsheets: XLSX (exceljs, docs/decisions/0010-dashboard-facts.md says
// why it stays) or CSV in GB18030 — the encoding Excel on a Chinese Windows reads a CSV in
// (a superset of GBK: every character survives). Headers in Chinese with the unit in them,
// numbers as numbers, dates as dates. A cell Excel would run as a formula is made inert.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type CellValue = string | number | Date | null;

export interface ExportColumn<R> {
  header: string; // with its unit: 面积（亩）
  value: (row: R) => CellValue;
  /** a date column holds YYYY-MM-DD strings or Dates, written as dates */
  date?: boolean;
  /** decimals shown for a number column (the stored value keeps its precision) */
  decimals?: number;
}

/** The export format a request asks for (`?format=`), or null for none. */
export function exportFormat(url: URL): ExportFormat | null {
  const f = url.searchParams.get('format');
  return EXPORT_FORMATS.find((x) => x === f) ?? null;
}

/**
 * A string a spreadsheet could read as a formula gets a leading apostrophe: one that starts
 * with =, +, -, @, a TAB or a CR, whatever follows (`+1+2*3` is a formula too; OWASP's rule).
 * Numbers are written as numbers and never pass through here.
 */
export function inertCell(value: unknown) {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const SHANGHAI_MS = 8 * 3_600_000;

/**
 * A spreadsheet has no time zones: a cell holds the wall-clock day and time it shows. So an
 * instant is written as its Shanghai wall clock (a planting of 2026-05-02, stored as
 * 2026-05-01T16:00Z, is the cell 2026-05-02), and a date column holds the day alone.
 */
export function sheetDate(v: CellValue, dayOnly: boolean): CellValue {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
  if (!(v instanceof Date)) return v;
  const wall = v.getTime() + SHANGHAI_MS;
  return new Date(dayOnly ? wall - (((wall % 86_400_000) + 86_400_000) % 86_400_000) : wall);
}

const csvCell = (v: CellValue, date?: boolean) => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return date ? isoDay(v) : isoMinute(v);
  return inertCell(v) as string | number;
};

// dates shown in Asia/Shanghai
const isoDay = (d: Date) => new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);
const isoMinute = (d: Date) =>
  new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 16).replace('T', ' ');

export async function tableFile<R>(
  format: ExportFormat,
  { name, columns, rows }: { name: string; columns: ExportColumn<R>[]; rows: R[] },
): Promise<Response> {
  let body: Uint8Array<ArrayBuffer>;
  if (format === 'xlsx') {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet(name.slice(0, 31));
    sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of rows) {
      sheet.addRow(
        columns.map((c) => {
          const v = c.value(row);
          if (c.date || v instanceof Date) return sheetDate(v, Boolean(c.date));
          return typeof v === 'string' ? inertCell(v) : v;
        }),
      );
    }
    columns.forEach((c, i) => {
      const col = sheet.getColumn(i + 1);
      col.width = Math.max(10, Math.min(40, c.header.length * 2 + 4));
      if (c.date) col.numFmt = 'yyyy-mm-dd';
      else if (rows.some((r) => c.value(r) instanceof Date)) col.numFmt = 'yyyy-mm-dd hh:mm';
      else if (c.decimals !== undefined)
        col.numFmt = c.decimals > 0 ? `#,##0.${'0'.repeat(c.decimals)}` : '#,##0';
    });
    body = new Uint8Array(await workbook.xlsx.writeBuffer());
  } else {
    const text = Papa.unparse([
      columns.map((c) => c.header),
      ...rows.map((r) => columns.map((c) => csvCell(c.value(r), c.date))),
    ]);
    body = new Uint8Array(iconv.encode(`${text}\r\n`, 'gb18030'));
  }
  const file = encodeURIComponent(`${name}.${format}`);
  return new Response(body, {
    headers: {
      'Content-Type': format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=gb18030',
      'Content-Disposition': `attachment; filename*=UTF-8''${file}`,
      'Content-Length': String(body.byteLength),
      'Cache-Control': 'no-store',
    },
  });
}
