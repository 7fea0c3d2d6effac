import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  FileError,
  decodeText,
  mapColumns,
  parseUpload,
  templateCsv,
  templateXlsx,
  MAX_UPLOAD_BYTES,
  type Column,
} from '~/utils/imports/parse.server';

const utf8 = (s: string) => new TextEncoder().encode(s);
// "村名,面积（亩）\r\n青龙村,12.5\r\n\r\n凤栖村,8\r\n" saved as GBK by Excel
const GBK_CSV = Buffer.from(
  'b4e5c3fb2cc3e6bbfda3a8c4b6a3a90d0ac7e0c1fab4e52c31322e350d0a0d0ab7efc6dcb4e52c380d0a',
  'hex',
);

const columns: Column<'village' | 'area' | 'notes'>[] = [
  {
    key: 'village',
    header: '村名',
    headerEn: 'Village',
    required: true,
    example: '青龙村',
    allowed: ['青龙村', '凤栖村'],
  },
  { key: 'area', header: '面积（亩）', headerEn: 'Area (mu)', required: true, example: '12.5' },
  { key: 'notes', header: '备注', headerEn: 'Notes', required: false, example: '' },
];

async function fileError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FileError) return error;
    throw error;
  }
  throw new Error('expected a FileError');
}

describe('reading uploads', () => {
  it('reads UTF-8 with a BOM and keeps spreadsheet line numbers across blank lines', async () => {
    const sheet = await parseUpload(utf8('\uFEFF村名,面积（亩）\n青龙村,12.5\n\n  ,  \n凤栖村,8\n'));
    expect(sheet.encoding).toBe('utf-8');
    expect(sheet.headers).toEqual(['村名', '面积（亩）']);
    expect(sheet.rows).toEqual([
      { line: 2, cells: ['青龙村', '12.5'] },
      { line: 5, cells: ['凤栖村', '8'] },
    ]);
  });

  it('reads GBK as Excel saves it', async () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(GBK_CSV)).toThrow();
    const sheet = await parseUpload(GBK_CSV);
    expect(sheet.encoding).toBe('gb18030');
    expect(sheet.headers).toEqual(['村名', '面积（亩）']);
    expect(sheet.rows.map((r) => r.cells[0])).toEqual(['青龙村', '凤栖村']);
    expect(sheet.rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it('reads the first sheet of an XLSX file, dates as calendar dates', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('种植');
    ws.addRow(['村名', '面积（亩）', '日期']);
    ws.addRow(['青龙村', 12.5, new Date(Date.UTC(2026, 2, 15))]);
    ws.addRow([]);
    ws.addRow(['凤栖村', { formula: '4*2', result: 8 }, '2026-03-16']);
    const sheet = await parseUpload(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(sheet.encoding).toBe('xlsx');
    expect(sheet.rows).toEqual([
      { line: 2, cells: ['青龙村', '12.5', '2026-03-15'] },
      { line: 4, cells: ['凤栖村', '8', '2026-03-16'] },
    ]);
  });

  it('names what is wrong with a file as a whole', async () => {
    expect((await fileError(parseUpload(new Uint8Array()))).key).toBe('import.empty');
    expect((await fileError(parseUpload(utf8('村名,面积（亩）\n\n')))).key).toBe('import.noRows');
    expect((await fileError(parseUpload(new Uint8Array(MAX_UPLOAD_BYTES + 1)))).key).toBe('import.tooLarge');
    const fakeZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect((await fileError(parseUpload(fakeZip))).key).toBe('import.badXlsx');
  });

  it('decodes plain ASCII as UTF-8', () => {
    expect(decodeText(utf8('a,b')).encoding).toBe('utf-8');
  });
});

describe('columns', () => {
  it('maps Chinese or English headers in any order and drops empty cells', () => {
    const toRecord = mapColumns(['Area (mu)', '村名', '备注'], columns);
    expect(toRecord(['3', '青龙村', ''])).toEqual({ area: '3', village: '青龙村' });
  });

  it('rejects missing and unknown headers, naming them', () => {
    let error: FileError | undefined;
    try {
      mapColumns(['村名', '面积', '颜色'], columns);
    } catch (e) {
      error = e as FileError;
    }
    expect(error?.key).toBe('import.badHeaders');
    expect(error?.params).toEqual({ missing: '面积（亩）', unknown: '面积、颜色' });
  });

  it('offers templates that map back onto the columns, with no sample row to import by mistake', async () => {
    const csv = templateCsv(columns);
    expect(csv).toBe('\uFEFF村名,面积（亩）,备注\r\n');
    const sheet = await parseUpload(utf8(`${csv}青龙村,2,\r\n`));
    expect(() => mapColumns(sheet.headers, columns)).not.toThrow();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await templateXlsx(columns, '种植')) as unknown as ArrayBuffer);
    const [data, help] = workbook.worksheets;
    expect(data.rowCount).toBe(1); // the header, nothing else
    expect(data.getRow(1).values).toEqual([undefined, '村名', '面积（亩）', '备注']);
    // the allowed words are in the workbook: a list in Excel, and on the sheet of explanations
    expect(help.name).toBe('填写说明');
    expect(help.getRow(2).values).toEqual([undefined, '村名', '是', '青龙村', '青龙村、凤栖村', '']);
    const lists = (data as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } })
      .dataValidations.model;
    expect([...new Set(Object.values(lists).map((v) => v.formulae[0]))]).toEqual(['"青龙村,凤栖村"']);
  });
});
