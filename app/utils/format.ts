// Locale-aware formatting (client-safe). Times are stored in UTC and shown in Asia/Shanghai.
import { localeTag, type Language } from '~/i18n';

export const TIME_ZONE = 'Asia/Shanghai';
export const KG_PER_JIN = 0.5;
export const M2_PER_MU = 666.67;

// Building an Intl formatter costs far more than using one: each is made once and kept.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}

export function formatNumber(lng: Language, value: number | null | undefined, maxFractionDigits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return cached(
    `n:${lng}:${maxFractionDigits}`,
    () => new Intl.NumberFormat(localeTag(lng), { maximumFractionDigits: maxFractionDigits }),
  ).format(value);
}

const DAY = { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' } as const;

export function formatDate(lng: Language, value: Date | string | null | undefined) {
  if (!value) return '—';
  return cached(`d:${lng}`, () => new Intl.DateTimeFormat(localeTag(lng), DAY)).format(new Date(value));
}

export function formatDateTime(lng: Language, value: Date | string | null | undefined) {
  if (!value) return '—';
  return cached(
    `t:${lng}`,
    () =>
      new Intl.DateTimeFormat(localeTag(lng), {
        ...DAY,
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }),
  ).format(new Date(value));
}

/** Money is integer 分 (fen); shown as 元, or 万元 for large sums. */
export function formatFen(lng: Language, fen: number, unit: 'yuan' | 'wanYuan' = 'yuan') {
  const yuan = fen / 100;
  return unit === 'wanYuan' ? formatNumber(lng, yuan / 10_000, 2) : formatNumber(lng, yuan, 2);
}

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiDateString(value: Date | string) {
  return cached(
    'iso-date',
    () =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: TIME_ZONE,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }),
  ).format(new Date(value));
}
