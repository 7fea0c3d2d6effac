// Building blocks for zod schemas. Messages are i18n keys (see app/i18n), translated where
// they are shown, so the same schema serves the Chinese and English UI and the JSON API.
import { z } from 'zod';

const requiredOr = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === '' ? 'v.required' : message;

// Characters no one types on purpose: control characters, and the invisible marks that turn
// text around (a right-to-left override makes "gpj.exe" look like "exe.jpg"). Matching control
// characters is the point here.
/* eslint-disable no-control-regex */
const CONTROL_SINGLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;
const CONTROL_MULTI =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;
/* eslint-enable no-control-regex */

/** True when text holds none of those, and no half of a broken character. */
export function isCleanText(value: string, multiline = false) {
  return !(multiline ? CONTROL_MULTI : CONTROL_SINGLE).test(value) && wellFormed(value);
}

/** No lone surrogate (String.prototype.isWellFormed, which older phones lack). */
function wellFormed(value: string) {
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i += 1;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/** Required single-line text, trimmed; a blank one is missing. */
export const text = (max = 100) =>
  z
    .string({ error: requiredOr('v.invalid') })
    .trim()
    .min(1, 'v.required')
    .max(max, 'v.tooLong')
    .refine((v) => isCleanText(v), 'v.controlChars');

/** Optional text; an absent field is stored as ''. Line breaks only where `multiline`. */
export const optionalText = (max = 500, { multiline = false } = {}) =>
  z
    .string({ error: 'v.invalid' })
    .trim()
    .max(max, 'v.tooLong')
    .refine((v) => isCleanText(v, multiline), 'v.controlChars')
    .optional()
    .default('');

/** A note typed in a text area (line breaks kept). */
export const notesText = (max = 500) => optionalText(max, { multiline: true });

/** Whole number ≥ min (households, head, minutes). */
export const wholeNumber = ({ min = 0, max = 10_000_000 } = {}) =>
  z
    .number({ error: requiredOr('v.number') })
    .int('v.integer')
    .min(min, min === 0 ? 'v.nonNegative' : 'v.positive')
    .max(max, 'v.tooLarge');

/** A finite decimal within bounds (temperatures, 亩). */
export const decimal = ({ min = -1e9, max = 1e9 } = {}) =>
  z
    .number({ error: requiredOr('v.number') })
    .refine(Number.isFinite, 'v.number')
    .min(min, 'v.tooSmall')
    .max(max, 'v.tooLarge');

export const objectId = z
  .string({ error: requiredOr('v.invalidChoice') })
  .regex(/^[0-9a-f]{24}$/i, 'v.invalidChoice');

export const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-\s]{5,20}$/, 'v.phone')
  .optional()
  .or(z.literal('').transform(() => undefined))
  .transform((v) => v ?? '');

/** A form field listing ids (a multi-select): one value or many. */
export const objectIdList = z
  .union([objectId, z.array(objectId)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export function enumOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: requiredOr('v.invalidChoice') });
}

/**
 * A choice written as a word in a spreadsheet cell (千克, 一级, 出生): the words map to the
 * stored values, and a wrong word is told which words there are.
 */
export function wordChoice<const T extends readonly [string, ...string[]]>(
  values: T,
  words: Record<string, T[number]>,
) {
  const listed = Object.keys(words).join('、');
  return z.preprocess(
    (v) => (typeof v === 'string' ? (words[v.trim()] ?? v.trim()) : v),
    z.enum(values, { error: requiredOr(`v.oneOf|${JSON.stringify({ values: listed })}`) }),
  );
}

/** A decimal greater than zero (areas, weights): one clear message for zero and negatives. */
export const positiveDecimal = (max: number) =>
  z
    .number({ error: requiredOr('v.number') })
    .refine(Number.isFinite, 'v.number')
    .gt(0, 'v.positive')
    .max(max, 'v.tooLarge');

/**
 * An amount of money paid or taken off, in 元: at least one 分 and in whole 分 (0.001 元 or
 * 1.234 元 would be stored as something other than what was typed, so both are refused).
 */
export const moneyYuan = (max: number) =>
  z
    .number({ error: requiredOr('v.number') })
    .refine(Number.isFinite, 'v.number')
    .gt(0, 'v.positive')
    .refine((v) => !(v > 0 && v < 0.01), 'v.belowFen')
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'v.wholeFen')
    .max(max, 'v.tooLarge');

/**
 * A checkbox the user ticks to say "yes, I mean it" (a payment that looks like one already
 * recorded): present only as `on`, anything else is no.
 */
export const confirmation = z
  .unknown()
  .optional()
  .transform((v) => v === 'on' || v === true);
