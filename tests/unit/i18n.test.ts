// Our translator and the number formatting the pages rely on.
import { describe, expect, it } from 'vitest';
import { translator } from '~/i18n';
import '~/i18n/messages.server';
import {
  colon,
  formatDate,
  formatDateTime,
  formatQuantity,
  formatRange,
  formatWeight,
  paren,
} from '~/utils/format';

describe('translator', () => {
  const en = translator('en');
  const zh = translator('zh');

  it('chooses the English plural by count and keeps one Chinese form', () => {
    expect(en('import.errorsTitle', { count: 1 })).toMatch(/^1 problem found; .* Fix it/);
    expect(en('import.errorsTitle', { count: 3 })).toMatch(/^3 problems found/);
    expect(en('common.count', { count: 1 })).toBe('1 record');
    // Chinese has one form for every count, and never borrows English's
    expect(zh('common.count', { count: 1 })).toBe('共 1 条');
    expect(zh('import.errorsTitle', { count: 3 })).toMatch(/^发现 3 处错误/);
    expect(zh('audit.contents', { count: 1 })).toBe('查看内容（1 项）');
  });

  it('shows numbers in values with thousands separators, counts included', () => {
    expect(zh('harvest.tooLarge', { max: 19400 })).toContain('19,400 千克');
    expect(en('common.count', { count: 12500 })).toBe('12,500 records');
  });

  it('leaves unknown values visible, falls back to a given text or the key', () => {
    expect(en('herd.newKind', {})).toContain('{{kind}}');
    expect(en('harvest.grades.unknown-grade', 'B')).toBe('B');
    expect(en('no.such.key')).toBe('no.such.key');
  });
});

describe('numbers with units', () => {
  it('ranges carry their unit, and an open end says so', () => {
    expect(formatRange('zh', 2000, 3000, 'kgPerMu')).toBe('2,000 ～ 3,000 千克/亩');
    expect(formatRange('en', 12.5, 15, 'celsius')).toBe('12.5 – 15 °C');
    expect(formatRange('zh', null, -18, 'celsius')).toBe('≤ -18 °C');
    expect(formatRange('en', 0, null, 'celsius')).toBe('≥ 0 °C');
    expect(formatRange('en', null, null, 'celsius')).toBe('—');
  });

  it('signed changes and counted English units', () => {
    expect(formatQuantity('zh', 1200, 'head', { signed: true })).toBe('+1,200 头');
    expect(formatQuantity('en', 1, 'households')).toBe('1 household');
    expect(formatQuantity('en', 5800, 'jin')).toBe('5,800 jin');
  });

  it('a weight in the reader’s unit with the stored kg beside it; head and kg readers as they are', () => {
    expect(formatWeight('zh', 1500, 'kg', 'jin')).toBe('3,000 斤（1,500 千克）');
    expect(formatWeight('en', 1500, 'kg', 'jin')).toBe('3,000 jin (1,500 kg)');
    expect(formatWeight('zh', 2500, 'kg', 'ton')).toBe('2.5 吨（2,500 千克）');
    expect(formatWeight('zh', 1500, 'kg', 'kg')).toBe('1,500 千克');
    expect(formatWeight('zh', 12, 'head', 'jin')).toBe('12 头');
    expect(formatWeight('zh', null, 'kg', 'jin')).toBe('—');
  });

  it('one date style per language (year first, never the US month first) and each language’s punctuation', () => {
    expect(formatDate('zh', '2026-11-20')).toBe('2026/11/20');
    expect(formatDate('en', '2026-11-20')).toBe('2026-11-20');
    expect(formatDateTime('en', new Date('2026-11-20T01:05:00Z'))).toBe('2026-11-20, 09:05');
    expect(colon('zh') + paren('zh', '现货')).toBe('：（现货）');
    expect(colon('en') + paren('en', 'spot')).toBe(':  (spot)');
  });
});
