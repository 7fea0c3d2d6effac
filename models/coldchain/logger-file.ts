// A data logger's export file read into readings (issue 21). No vendor publishes a sample, so the
// reader looks for what every export has: a header row (after up to 20 lines of preamble: model,
// serial number, interval, limits) naming a time column and a temperature column, and a
// humidity column when there is one. CSV/TXT in UTF-8 (with or without BOM), UTF-16 with BOM
// or GBK/GB18030 (Excel's "Save as CSV" on Chinese Windows); separators `,` `;` or TAB; XLSX.
// Times in the header's zone (`Date Time, GMT+08:00`) or else Asia/Shanghai; °F converted.
// Every data line is read, stored or refused with its line number and reason.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { TEMP_LIMITS } from '~/domain/cold-chain';

export const MAX_LOGGER_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_LOGGER_ROWS = 200_000;
const PREAMBLE_LINES = 20;

export interface FileReading {
  line: number;
  at: Date;
  tempC: number;
  humidity: number | null;
}

export interface FileRefusal {
  line: number;
  /** a message key with its parameters (`key|{json}`) */
  reason: string;
}

export type LoggerFile =
  | {
      ok: true;
      readings: FileReading[];
      refused: FileRefusal[];
      /** data lines read (blank lines are not counted) */
      rows: number;
      layout: { headerLine: number; separator: string; encoding: string; zone: string; unit: 'C' | 'F' };
    }
  | { ok: false; error: string };

const fail = (key: string, params?: Record<string, unknown>): LoggerFile => ({
  ok: false,
  error: params ? `${key}|${JSON.stringify(params)}` : key,
});

// ---------------------------------------------------------------- bytes to lines of cells

function decode(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  try {
    // the BOM, if any, is dropped by the decoder
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gbk' };
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An Excel date cell is a wall-clock time stored as if it were UTC. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const d = value;
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

async function xlsxLines(bytes: Uint8Array): Promise<Array<{ line: number; cells: string[] }> | null> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const lines: Array<{ line: number; cells: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    lines.push({ line, cells: (row.values as ExcelJS.CellValue[]).slice(1).map(cellText) });
  });
  return lines;
}

// ---------------------------------------------------------------- the header

const TIME_HEADER =
  /^(#?\s*)?(记录时间|采集时间|日期时间|时间|时刻|date\s*\/?\s*time|datetime|timestamp|time)\b/i;
const DATE_ONLY = /^(日期|date)$/i;
const TIME_ONLY = /^(时间|time)$/i;
const TEMP_HEADER = /温度|temp/i;
const HUMIDITY_HEADER = /湿度|humidity|%\s*rh|\brh\b/i;

interface Layout {
  time: number;
  /** a separate date column, when the time column holds the time of day only */
  date: number | null;
  temp: number;
  humidity: number | null;
  unit: 'C' | 'F';
  offsetMinutes: number;
  zone: string;
}

/** The zone a header names: `GMT+08:00`, `UTC+8`, `(UTC-05:00)`; null when none. */
function zoneOf(text: string): { offset: number; zone: string } | null {
  const m = /(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?/i.exec(text);
  if (m) {
    const offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
    if (Math.abs(offset) > 14 * 60) return null;
    return { offset, zone: `UTC${m[1]}${pad(Number(m[2]))}:${m[3] ?? '00'}` };
  }
  if (/\b(GMT|UTC)\b/i.test(text)) return { offset: 0, zone: 'UTC+00:00' };
  return null;
}

function layoutOf(cells: string[]): Layout | null {
  const names = cells.map((c) => c.replace(/^\uFEFF/, '').trim());
  const bare = names.map((n) =>
    n
      .replace(/[(（[].*$/, '')
      .replace(/,.*$/, '')
      .trim(),
  );
  let date: number | null = bare.findIndex((n) => DATE_ONLY.test(n));
  let time = bare.findIndex((n, i) => i !== date && TIME_ONLY.test(n));
  if (date < 0 || time < 0) {
    date = null;
    time = names.findIndex((n) => TIME_HEADER.test(n) || /时间/.test(n));
  }
  const temp = names.findIndex((n) => TEMP_HEADER.test(n));
  if (time < 0 || temp < 0 || time === temp) return null;
  const humidity = names.findIndex((n, i) => i !== temp && HUMIDITY_HEADER.test(n));
  const tempName = names[temp]!;
  const unit = /°\s*F|℉|\(F\)|（F）|\bF\b/.test(tempName) ? 'F' : 'C';
  const zone = zoneOf(names[time]!) ?? zoneOf(names.join(' '));
  return {
    time,
    date,
    temp,
    humidity: humidity < 0 ? null : humidity,
    unit,
    offsetMinutes: zone?.offset ?? 8 * 60,
    zone: zone?.zone ?? 'Asia/Shanghai',
  };
}

// ---------------------------------------------------------------- cells

/** A wall-clock time in one of the loggers' formats → its instant at the offset; null otherwise. */
export function parseLoggerTime(text: string, offsetMinutes = 8 * 60): Date | null {
  const s = text.trim();
  let y: number, mo: number, d: number;
  let rest: string;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(.*))?$/.exec(s);
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    rest = m[4] ?? '';
  } else {
    // the US order of HOBOware and of Excel re-saves: 11/08/26 07:30:00 AM, 11/08/2026 07:30
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:\s+(.*))?$/.exec(s);
    if (!m) return null;
    [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[3]!.length === 2) y += 2000;
    rest = m[4] ?? '';
  }
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(AM|PM|上午|下午)?$/i.exec(rest.trim());
  if (rest.trim() && !t) return null;
  let h = t ? Number(t[1]) : 0;
  const mi = t ? Number(t[2]) : 0;
  const sec = t?.[3] ? Number(t[3]) : 0;
  const half = t?.[4]?.toUpperCase();
  if (half) {
    if (h < 1 || h > 12) return null;
    if ((half === 'PM' || half === '下午') && h !== 12) h += 12;
    if ((half === 'AM' || half === '上午') && h === 12) h = 0;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null; // 2026-02-30
  return new Date(wall - offsetMinutes * 60_000);
}

/** A number cell: "13.5", "13,5" (a European decimal comma), "13.5℃"; null when it is none. */
function numberOf(text: string): number | null {
  const s = text
    .trim()
    .replace(/\s*(℃|°C|°F|℉|%RH|%)$/i, '')
    .replace(/^(-?\d+),(\d+)$/, '$1.$2');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  return Number(s);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

// ---------------------------------------------------------------- the file

/** Reads a logger's export: XLSX by its bytes (a zip), otherwise text. */
export async function readLoggerFile(bytes: Uint8Array): Promise<LoggerFile> {
  if (bytes.byteLength === 0) return fail('coldchain.fileEmpty');
  if (bytes.byteLength > MAX_LOGGER_FILE_BYTES)
    return fail('coldchain.fileTooLarge', { mb: MAX_LOGGER_FILE_BYTES / 1024 / 1024 });
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  let lines: Array<{ line: number; cells: string[] | null; text: string }>;
  let encoding: string;
  let separator = '';
  let headerAt = -1;
  let layout: Layout | null = null;
  if (isZip) {
    const rows = await xlsxLines(bytes);
    if (!rows) return fail('coldchain.fileBadXlsx');
    encoding = 'xlsx';
    lines = rows.map((r) => ({ line: r.line, cells: r.cells, text: '' }));
    for (let i = 0; i < Math.min(lines.length, PREAMBLE_LINES + 1) && !layout; i++) {
      layout = layoutOf(lines[i]!.cells!);
      if (layout) headerAt = i;
    }
  } else {
    const decoded = decode(bytes);
    if (decoded.text.includes('\u0000')) return fail('coldchain.fileNotText');
    encoding = decoded.encoding;
    lines = decoded.text.split(/\r\n|\n|\r/).map((text, i) => ({ line: i + 1, cells: null, text }));
    outer: for (let i = 0; i < Math.min(lines.length, PREAMBLE_LINES + 1); i++) {
      for (const sep of ['\t', ';', ',']) {
        if (!lines[i]!.text.includes(sep)) continue;
        const cells = (Papa.parse<string[]>(lines[i]!.text, { delimiter: sep }).data[0] ?? []).map(String);
        const found = layoutOf(cells);
        if (found) {
          [layout, separator, headerAt] = [found, sep, i];
          break outer;
        }
      }
    }
  }
  if (!layout) return fail('coldchain.fileLayoutUnknown', { lines: PREAMBLE_LINES + 1 });

  const readings: FileReading[] = [];
  const refused: FileRefusal[] = [];
  let rows = 0;
  const refuse = (line: number, key: string, params?: Record<string, unknown>) =>
    refused.push({ line, reason: params ? `${key}|${JSON.stringify(params)}` : key });
  for (let i = headerAt + 1; i < lines.length; i++) {
    const { line, text } = lines[i]!;
    const cells =
      lines[i]!.cells ??
      (text.trim() === ''
        ? []
        : (Papa.parse<string[]>(text, { delimiter: separator }).data[0] ?? []).map(String));
    if (cells.every((c) => c.trim() === '')) continue;
    rows++;
    if (rows > MAX_LOGGER_ROWS) return fail('coldchain.fileTooManyRows', { max: MAX_LOGGER_ROWS });
    const timeText =
      layout.date !== null
        ? `${cells[layout.date] ?? ''} ${cells[layout.time] ?? ''}`
        : (cells[layout.time] ?? '');
    const at = parseLoggerTime(timeText, layout.offsetMinutes);
    if (!at) {
      refuse(line, 'coldchain.rowBadTime', { value: timeText.trim().slice(0, 40) });
      continue;
    }
    const raw = numberOf(cells[layout.temp] ?? '');
    if (raw === null) {
      refuse(line, 'coldchain.rowBadTemp', { value: (cells[layout.temp] ?? '').trim().slice(0, 20) });
      continue;
    }
    const tempC = round2(layout.unit === 'F' ? ((raw - 32) * 5) / 9 : raw);
    if (tempC < TEMP_LIMITS.min || tempC > TEMP_LIMITS.max) {
      refuse(line, 'coldchain.tempOutOfRange', { value: tempC });
      continue;
    }
    let humidity: number | null = null;
    if (layout.humidity !== null && (cells[layout.humidity] ?? '').trim() !== '') {
      humidity = numberOf(cells[layout.humidity]!);
      if (humidity === null || humidity < 0 || humidity > 100) {
        refuse(line, 'coldchain.humidityOutOfRange', {
          value: (cells[layout.humidity] ?? '').trim().slice(0, 20),
        });
        continue;
      }
    }
    readings.push({ line, at, tempC, humidity });
  }
  if (rows === 0) return fail('coldchain.fileNoRows');
  return {
    ok: true,
    readings,
    refused,
    rows,
    layout: {
      headerLine: lines[headerAt]!.line,
      separator: isZip ? 'xlsx' : separator === '\t' ? 'TAB' : separator,
      encoding,
      zone: layout.zone,
      unit: layout.unit,
    },
  };
}
