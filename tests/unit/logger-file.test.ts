// A logger's export in each variation the town's loggers write (tests/fixtures/loggers, made by
// make-fixtures.mjs there): every line read is stored or refused with its line and reason.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLoggerTime, readLoggerFile } from '#models/coldchain/logger-file';

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join('tests/fixtures/loggers', name)));
const shanghai = (wall: string) => new Date(`${wall}+08:00`);

describe('logger export files', () => {
  it('UTF-8 with BOM, commas, three preamble lines, Chinese headers with humidity', async () => {
    const file = await readLoggerFile(fixture('elitech-utf8-bom.csv'));
    if (!file.ok) throw new Error(file.error);
    expect(file.layout).toMatchObject({ headerLine: 4, separator: ',', encoding: 'utf-8', unit: 'C' });
    expect(file.rows).toBe(6);
    expect(file.readings.map((r) => [r.line, r.tempC, r.humidity])).toEqual([
      [5, 13.2, 88.5],
      [6, 13.4, 88.1],
      [7, 13.1, 87.9],
      [9, 13, 87.2],
    ]);
    expect(file.readings[0]!.at).toEqual(shanghai('2026-11-08T07:30:00'));
    expect(file.refused).toEqual([
      { line: 8, reason: 'coldchain.rowBadTemp|{"value":"abc"}' },
      { line: 10, reason: 'coldchain.humidityOutOfRange|{"value":"120"}' },
    ]);
  });

  it('GBK, TAB, twenty preamble lines, 记录时间 with slashes and no seconds', async () => {
    const file = await readLoggerFile(fixture('gbk-tab-preamble20.txt'));
    if (!file.ok) throw new Error(file.error);
    expect(file.layout).toMatchObject({ headerLine: 21, separator: 'TAB', encoding: 'gbk' });
    expect(file.readings.map((r) => r.tempC)).toEqual([13.5, 13.6, 13.7]);
    expect(file.readings[2]!.at).toEqual(shanghai('2026-11-08T07:50:00'));
    expect(file.refused).toEqual([{ line: 25, reason: 'coldchain.rowBadTime|{"value":"2026/13/08 08:00"}' }]);
  });

  it('HOBOware: quoted headers, the zone in the header, °F converted, US times with AM/PM', async () => {
    const file = await readLoggerFile(fixture('hobo-fahrenheit.csv'));
    if (!file.ok) throw new Error(file.error);
    expect(file.layout).toMatchObject({ headerLine: 2, unit: 'F', zone: 'UTC+08:00' });
    expect(file.readings.map((r) => [r.tempC, r.humidity])).toEqual([
      [13, 86],
      [12.78, 86.2],
      [12, 85],
    ]);
    expect(file.readings[2]!.at).toEqual(shanghai('2026-11-08T12:00:00'));
    // 200 °F is 93.3 °C: outside what a cold-chain logger reads
    expect(file.refused).toEqual([{ line: 6, reason: 'coldchain.tempOutOfRange|{"value":93.33}' }]);
  });

  it('semicolons with decimal commas, the zone UTC from the header', async () => {
    const file = await readLoggerFile(fixture('semicolon-utc.csv'));
    if (!file.ok) throw new Error(file.error);
    expect(file.layout).toMatchObject({ separator: ';', zone: 'UTC+00:00' });
    expect(file.readings.map((r) => r.tempC)).toEqual([2.5, 3.1]);
    expect(file.readings[0]!.at).toEqual(new Date('2026-11-07T23:30:00Z'));
    expect(file.refused[0]).toEqual({ line: 4, reason: 'coldchain.tempOutOfRange|{"value":-65}' });
  });

  it('a date column and a time column', async () => {
    const file = await readLoggerFile(fixture('date-and-time-columns.csv'));
    if (!file.ok) throw new Error(file.error);
    expect(file.readings.map((r) => r.at)).toEqual([
      shanghai('2026-11-08T07:30:00'),
      shanghai('2026-11-08T07:45:00'),
    ]);
  });

  it('XLSX with date cells and text cells after two preamble rows', async () => {
    const file = await readLoggerFile(fixture('logger-export.xlsx'));
    if (!file.ok) throw new Error(file.error);
    expect(file.layout).toMatchObject({ headerLine: 3, encoding: 'xlsx' });
    expect(file.readings.map((r) => [r.at.toISOString(), r.tempC, r.humidity])).toEqual([
      [shanghai('2026-11-08T07:30:00').toISOString(), 13.3, 88],
      [shanghai('2026-11-08T07:35:00').toISOString(), 13.1, 87],
      [shanghai('2026-11-08T07:40:00').toISOString(), 12.9, null],
    ]);
  });

  it('an unknown layout is named and gives no readings', async () => {
    expect(await readLoggerFile(fixture('unknown-layout.csv'))).toEqual({
      ok: false,
      error: 'coldchain.fileLayoutUnknown|{"lines":21}',
    });
    expect(await readLoggerFile(new Uint8Array())).toEqual({ ok: false, error: 'coldchain.fileEmpty' });
    const notZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(await readLoggerFile(notZip)).toEqual({ ok: false, error: 'coldchain.fileBadXlsx' });
  });

  it('times: each format, and impossible ones refused', () => {
    expect(parseLoggerTime('2026-11-08 07:30:00')).toEqual(shanghai('2026-11-08T07:30:00'));
    expect(parseLoggerTime('2026/11/08 07:30')).toEqual(shanghai('2026-11-08T07:30:00'));
    expect(parseLoggerTime('11/08/26 07:30:00 AM')).toEqual(shanghai('2026-11-08T07:30:00'));
    expect(parseLoggerTime('11/08/26 12:05:00 AM')).toEqual(shanghai('2026-11-08T00:05:00'));
    expect(parseLoggerTime('11/08/2026 19:30')).toEqual(shanghai('2026-11-08T19:30:00'));
    expect(parseLoggerTime('2026-11-08 07:30:00', -300)).toEqual(new Date('2026-11-08T12:30:00Z'));
    for (const bad of [
      '2026-02-30 07:00',
      '2026-11-08 25:00',
      '13/45/26 07:00',
      'yesterday',
      '2026-11-08 7:3',
    ])
      expect(parseLoggerTime(bad)).toBeNull();
  });
});
