// Locale-aware formatting (client-safe). Times are stored in UTC and shown in Asia/Shanghai.
import { localeTag, type Language } from '~/i18n';

export const TIME_ZONE = 'Asia/Shanghai';
export const KG_PER_JIN = 0.5;
export const M2_PER_MU = 666.67;

export function formatNumber(lng: Language, value: number | null | undefined, maxFractionDigits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(localeTag(lng), { maximumFractionDigits: maxFractionDigits }).format(value);
}

export function formatDate(lng: Language, value: Date | string | null | undefined) {
  if (!value) return '—';
  return new Intl.DateTimeFormat(localeTag(lng), {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(value));
}

export function formatDateTime(lng: Language, value: Date | string | null | undefined) {
  if (!value) return '—';
  return new Intl.DateTimeFormat(localeTag(lng), {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(value));
}

/** Money is integer 分 (fen); shown as 元, or 万元 for large sums. */
export function formatFen(lng: Language, fen: number, unit: 'yuan' | 'wanYuan' = 'yuan') {
  const yuan = fen / 100;
  return unit === 'wanYuan' ? formatNumber(lng, yuan / 10_000, 2) : formatNumber(lng, yuan, 2);
}

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiDateString(value: Date | string) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(value));
}
