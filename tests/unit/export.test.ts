// Table files (issue 17): a cell a spreadsheet could run as a formula is inert whatever its
// first character, and a date is the Shanghai calendar day it shows in the app.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { inertCell, sheetDate, tableFile } from '~/utils/export.server';

describe('formula injection', () => {
  it('escapes every prefix a spreadsheet runs, and leaves numbers and plain text alone', () => {
    for (const v of ['=1+2', '+1+2*3', '-1+2*3', '@SUM(A1)', '\t=1', '\r=1', '+cmd', '-x'])
      expect(inertCell(v), JSON.stringify(v)).toBe(`'${v}`);
    for (const v of ['张三', '1+2', 'a=b', '']) expect(inertCell(v)).toBe(v);
    expect(inertCell(-12)).toBe(-12);
  });

  it('a CSV export writes them escaped', async () => {
    const res = await tableFile('csv', {
      name: 't',
      columns: [{ header: '户主', value: (r: { name: string }) => r.name }],
      rows: [{ name: '+1+2*3' }, { name: '-1+2*3' }, { name: '王五' }],
    });
    const text = iconv.decode(Buffer.from(await res.arrayBuffer()), 'gb18030');
    expect(text.split('\r\n').slice(1, 4)).toEqual(["'+1+2*3", "'-1+2*3", '王五']);
  });
});

describe('dates in spreadsheets', () => {
  // a planting of 2026-05-02 as the app stores it: midnight in Shanghai
  const planted = new Date('2026-05-01T16:00:00.000Z');

  it('an instant is its Shanghai wall clock; a date column holds the day alone', () => {
    expect(sheetDate(planted, true)).toEqual(new Date('2026-05-02T00:00:00.000Z'));
    expect(sheetDate(new Date('2026-05-02T15:59:00.000Z'), true)).toEqual(
      new Date('2026-05-02T00:00:00.000Z'),
    );
    expect(sheetDate(new Date('2026-05-02T01:30:00.000Z'), false)).toEqual(
      new Date('2026-05-02T09:30:00.000Z'),
    );
    expect(sheetDate('2026-05-02', true)).toEqual(new Date('2026-05-02T00:00:00.000Z'));
  });

  it('the XLSX cell holds 2026-05-02 (serial 46144), not the evening before', async () => {
    const res = await tableFile('xlsx', {
      name: 't',
      columns: [
        { header: '种植日期', value: (r: { at: Date }) => r.at, date: true },
        { header: '记录时间', value: (r: { at: Date }) => r.at },
      ],
      rows: [{ at: planted }],
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as never);
    const row = book.worksheets[0]!.getRow(2);
    expect(row.getCell(1).value).toEqual(new Date('2026-05-02T00:00:00.000Z'));
    expect(row.getCell(2).value).toEqual(new Date('2026-05-02T00:00:00.000Z'));
    expect(book.worksheets[0]!.getColumn(2).numFmt).toBe('yyyy-mm-dd hh:mm');
    // Excel's serial day of the cell: 46144 is 2026-05-02 (46143.667 was 2026-05-01 16:00)
    const serial = (row.getCell(1).value as Date).getTime() / 86_400_000 + 25569;
    expect(serial).toBe(46144);
  });
});
