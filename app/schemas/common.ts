// Building blocks for zod schemas. Messages are i18n keys (see app/i18n), translated where
// they are shown, so the same schema serves the Chinese and English UI and the JSON API.
import { z } from 'zod';

const requiredOr = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === '' ? 'v.required' : message;

/** Required single-line text, trimmed. */
export const text = (max = 100) =>
  z
    .string({ error: requiredOr('v.invalid') })
    .trim()
    .min(1, 'v.required')
    .max(max, 'v.tooLong');

/** Optional text; an absent field is stored as ''. */
export const optionalText = (max = 500) =>
  z.string({ error: 'v.invalid' }).trim().max(max, 'v.tooLong').optional().default('');

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

/** A decimal greater than zero (areas, weights): one clear message for zero and negatives. */
export const positiveDecimal = (max: number) =>
  z
    .number({ error: requiredOr('v.number') })
    .refine(Number.isFinite, 'v.number')
    .gt(0, 'v.positive')
    .max(max, 'v.tooLarge');
