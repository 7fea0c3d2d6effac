// Locale-aware formatting (client-safe). Times are stored in UTC and shown in Asia/Shanghai.
import { fromKg, type WeightUnit } from '~/domain/planting';
import { localeTag, type Language } from '~/i18n';

import { shanghaiDateString, TIME_ZONE } from '~/domain/time';

export { shanghaiDateString, TIME_ZONE };
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
/**
 * One date style per language: 2026/11/20 in Chinese; in English year-month-day too
 * (2026-11-20, as the months and the ISO dates elsewhere read), never the US month first.
 */
const dateLocale = (lng: Language) => (lng === 'en' ? 'en-CA' : localeTag(lng));

export function formatDate(lng: Language, value: Date | string | null | undefined) {
  if (!value) return '—';
  return cached(`d:${lng}`, () => new Intl.DateTimeFormat(dateLocale(lng), DAY)).format(new Date(value));
}

export function formatDateTime(lng: Language, value: Date | string | null | undefined) {
  if (!value) return '—';
  return cached(
    `t:${lng}`,
    () =>
      new Intl.DateTimeFormat(dateLocale(lng), {
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

/**
 * Units a quantity is shown in, with their names in each language (English ones that are
 * counted have a singular and a plural). The one place a number meets its unit's word.
 */
const UNITS = {
  kg: { zh: '千克', en: 'kg' },
  jin: { zh: '斤', en: 'jin' },
  ton: { zh: '吨', en: 't' },
  mu: { zh: '亩', en: 'mu' },
  head: { zh: '头', en: 'head' },
  yuan: { zh: '元', en: 'CNY' },
  wanYuan: { zh: '万元', en: '× 10,000 CNY' },
  kgPerMu: { zh: '千克/亩', en: 'kg/mu' },
  households: { zh: '户', en: ['household', 'households'] },
  days: { zh: '天', en: ['day', 'days'] },
  minutes: { zh: '分钟', en: ['minute', 'minutes'] },
  celsius: { zh: '°C', en: '°C' },
  percent: { zh: '%', en: '%' },
} as const satisfies Record<string, Record<Language, string | readonly [string, string]>>;
export type Unit = keyof typeof UNITS;

export function isUnit(value: unknown): value is Unit {
  return typeof value === 'string' && Object.hasOwn(UNITS, value);
}

/** A unit's name on its own (a column heading, a select option). */
export function unitName(lng: Language, unit: Unit, count = 2) {
  const name = UNITS[unit][lng];
  return typeof name === 'string' ? name : name[count === 1 ? 0 : 1];
}

/** A number with its unit: "1,200 千克", "1 household", "+12 head", "85%". */
export function formatQuantity(
  lng: Language,
  value: number | null | undefined,
  unit: Unit,
  options: { signed?: boolean; maxFractionDigits?: number } = {},
) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const digits = options.maxFractionDigits ?? (unit === 'kgPerMu' || unit === 'mu' ? 2 : 3);
  const number = formatNumber(lng, value, digits);
  const shown = options.signed && value > 0 ? `+${number}` : number;
  return unit === 'percent' ? `${shown}%` : `${shown} ${unitName(lng, unit, Math.abs(value))}`;
}

/**
 * A stored quantity in the reader's unit with the stored kg beside it: "3,000 斤（1,500 千克）",
 * "3,000 jin (1,500 kg)"; kg alone when the reader weighs in kg, and anything not in kg (头) as it is.
 */
export function formatWeight(
  lng: Language,
  value: number | null | undefined,
  unit: Unit,
  shownIn: WeightUnit,
  options: { signed?: boolean } = {},
) {
  if (unit !== 'kg' || shownIn === 'kg' || value === null || value === undefined || Number.isNaN(value))
    return formatQuantity(lng, value, unit, options);
  const main = formatQuantity(lng, fromKg(value, shownIn), shownIn, options);
  const kg = formatQuantity(lng, value, 'kg', options);
  return lng === 'zh' ? `${main}（${kg}）` : `${main} (${kg})`;
}

/** A range with its unit: "2,000 ～ 3,000 千克/亩", "≤ -18 °C" (no lower limit), "—" (none). */
export function formatRange(lng: Language, min: number | null, max: number | null, unit: Unit) {
  if (min === null && max === null) return '—';
  if (min === null) return `≤ ${formatQuantity(lng, max, unit)}`;
  if (max === null) return `≥ ${formatQuantity(lng, min, unit)}`;
  return `${formatNumber(lng, min, 3)}${lng === 'zh' ? ' ～ ' : ' – '}${formatQuantity(lng, max, unit)}`;
}

/** Money (integer 分) in 元 with both decimals: "3,680.00 元". */
export function formatMoney(lng: Language, fen: number | null | undefined) {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return '—';
  const yuan = cached(
    `m:${lng}`,
    () => new Intl.NumberFormat(localeTag(lng), { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  ).format(fen / 100);
  return `${yuan} ${unitName(lng, 'yuan')}`;
}

/** A colon in the reader's language: full-width in Chinese, ": " in English. */
export function colon(lng: Language) {
  return lng === 'zh' ? '：' : ': ';
}

/** An aside in brackets in the reader's language: （…） in Chinese, " (…)" in English. */
export function paren(lng: Language, text: string) {
  return lng === 'zh' ? `（${text}）` : ` (${text})`;
}
