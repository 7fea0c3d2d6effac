// Reading an uploaded spreadsheet into rows of text: CSV in UTF-8 (with or without BOM) or
// GBK/GB18030 as Excel in China saves it, or XLSX. Rows keep their spreadsheet row number
// (the header is row 1) so every error can name the line the user sees.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 50_000;

export interface SheetRow {
  line: number;
  cells: string[];
}
export interface Sheet {
  headers: string[];
  rows: SheetRow[];
  encoding: 'utf-8' | 'gb18030' | 'xlsx';
}

/** A problem with the file as a whole (an i18n key with parameters). */
export class FileError extends Error {
  constructor(
    public key: string,
    public params: Record<string, unknown> = {},
  ) {
    super(key);
  }
  /** As a translatable message (see translateMessage). */
  toMessage() {
    return Object.keys(this.params).length ? `${this.key}|${JSON.stringify(this.params)}` : this.key;
  }
}

/** UTF-8 when the bytes are valid UTF-8, otherwise GB18030 (a superset of GBK). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/**
 * CSV through papaparse's stream, fed a slice at a time, so that a large file is read in
 * turns with every other request rather than in one long block.
 */
export async function parseCsv(bytes: Uint8Array): Promise<Sheet> {
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\u0000')) throw new FileError('import.notText');
  const all: SheetRow[] = [];
  const stream = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: false });
  stream.on('data', (cells: unknown[]) =>
    all.push({ line: all.length + 1, cells: cells.map((c) => String(c ?? '')) }),
  );
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  const SLICE = 64 * 1024;
  for (let i = 0; i < text.length; i += SLICE) {
    stream.write(text.slice(i, i + SLICE));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  stream.end();
  await finished;
  return toSheet(all, encoding);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel dates are calendar dates without a zone; exceljs gives them as UTC midnight.
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

export async function parseXlsx(bytes: Uint8Array): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new FileError('import.badXlsx');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new FileError('import.empty');
  const all: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based
    all.push({ line: rowNumber, cells: values.slice(1).map(cellText) });
  });
  return toSheet(all, 'xlsx');
}

function toSheet(all: SheetRow[], encoding: Sheet['encoding']): Sheet {
  const nonEmpty = all.filter((r) => !isBlank(r.cells));
  const [header, ...rows] = nonEmpty;
  if (!header) throw new FileError('import.empty');
  if (rows.length === 0) throw new FileError('import.noRows');
  if (rows.length > MAX_ROWS) throw new FileError('import.tooManyRows', { max: MAX_ROWS });
  return { headers: header.cells.map((h) => h.trim().replace(/^\uFEFF/, '')), rows, encoding };
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Parses an upload by its content (XLSX is a zip), whatever its name says. */
export async function parseUpload(bytes: Uint8Array): Promise<Sheet> {
  if (bytes.byteLength === 0) throw new FileError('import.empty');
  if (bytes.byteLength > MAX_UPLOAD_BYTES)
    throw new FileError('import.tooLarge', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 });
  const isZip = ZIP_MAGIC.every((b, i) => bytes[i] === b);
  return isZip ? parseXlsx(bytes) : parseCsv(bytes);
}

export interface Column<K extends string = string> {
  key: K;
  header: string; // Chinese header, as in the template
  headerEn: string;
  required: boolean;
  example: string;
  /** The words a cell may hold (the template lists them and checks them in Excel). */
  allowed?: string[];
  /** What else to know about the column (shown with the template). */
  note?: string;
}

/**
 * Maps the file's headers onto the kind's columns (Chinese or English headers, any order).
 * Missing required or unknown columns are a file error naming them.
 */
export function mapColumns<K extends string>(headers: string[], columns: Column<K>[]) {
  const index = new Map<K, number>();
  const unknown: string[] = [];
  headers.forEach((h, i) => {
    if (!h) return;
    const col = columns.find((c) => c.header === h || c.headerEn.toLowerCase() === h.toLowerCase());
    if (!col) unknown.push(h);
    else if (index.has(col.key)) unknown.push(h);
    else index.set(col.key, i);
  });
  const missing = columns.filter((c) => c.required && !index.has(c.key)).map((c) => c.header);
  if (missing.length || unknown.length) {
    throw new FileError('import.badHeaders', {
      missing: missing.join('、') || '—',
      unknown: unknown.join('、') || '—',
    });
  }
  return (cells: string[]) => {
    const record: Partial<Record<K, string>> = {};
    for (const [key, i] of index) {
      const v = (cells[i] ?? '').trim();
      if (v !== '') record[key] = v;
    }
    return record;
  };
}

/**
 * The template a user downloads: the Chinese headers only — no sample row that would be
 * imported if left in. The examples and the allowed words are on the import page, and in the
 * workbook on a sheet of their own.
 */
export function templateCsv(columns: Column[]) {
  const csv = Papa.unparse([columns.map((c) => c.header)]);
  return '\uFEFF' + csv + '\r\n'; // BOM so Excel opens it as UTF-8
}

export async function templateXlsx(columns: Column[], sheetName: string) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(columns.map((c) => c.header));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((col) => (col.width = 16));
  // Excel offers the allowed words as a list and refuses others as they are typed
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: object): void } })
    .dataValidations;
  columns.forEach((c, i) => {
    if (!c.allowed) return;
    const letter = sheet.getColumn(i + 1).letter;
    validations.add(`${letter}2:${letter}5000`, {
      type: 'list',
      allowBlank: !c.required,
      formulae: [`"${c.allowed.join(',')}"`],
      showErrorMessage: true,
      errorTitle: c.header,
      error: `请填写：${c.allowed.join('、')}`,
    });
  });
  const help = workbook.addWorksheet('填写说明');
  help.addRow(['列', '必填', '示例', '可填写的值', '说明']).font = { bold: true };
  for (const c of columns) {
    help.addRow([c.header, c.required ? '是' : '否', c.example, c.allowed?.join('、') ?? '', c.note ?? '']);
  }
  help.columns.forEach((col) => (col.width = 22));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
