import { WEIGHT_UNITS } from '~/domain/planting';
import { z } from 'zod';
import {
  confirmation,
  decimal,
  enumOf,
  objectId,
  objectIdList,
  optionalText,
  phone,
  text,
  wholeNumber,
} from './common';
import { ENTERPRISE_LEVELS, ORG_TYPES, ROLES, SPECIES } from './roles';
import { PRODUCT_CATEGORIES, PRODUCT_UNITS } from '~/domain/catalog';
import { parseLadder } from '~/domain/intake';

export const TownSchema = z.object({
  name: text(50),
  code: z
    .string({ error: 'v.required' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2,5}$/, 'v.townCode'),
  county: optionalText(50),
  countyCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'v.countyCode')
    .optional()
    .or(z.literal('').transform(() => undefined))
    .transform((v) => v ?? ''),
});
export type TownInput = z.infer<typeof TownSchema>;

export const VillageSchema = z.object({
  name: text(50),
  households: wholeNumber({ max: 100_000 }),
});
export type VillageInput = z.infer<typeof VillageSchema>;

export { PRODUCT_CATEGORIES, PRODUCT_UNITS };

const percent = decimal({ min: 0, max: 100 });
/** A ladder of deductions typed as "above:deduct" pairs: "5:2, 8:5". */
const ladder = optionalText(200).refine((v) => parseLadder(v) !== null, 'product.ladderFormat');

export const ProductSchema = z
  .object({
    code: z
      .string({ error: 'v.required' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z][A-Z0-9]{1,5}$/, 'v.productCode'),
    name: text(50),
    nameEn: optionalText(80),
    category: enumOf(PRODUCT_CATEGORIES),
    unit: enumOf(PRODUCT_UNITS),
    minC: decimal({ min: -60, max: 60 }).optional(),
    maxC: decimal({ min: -60, max: 60 }).optional(),
    toleranceMinutes: wholeNumber({ max: 7 * 24 * 60 }).default(30),
    budgetMinutes: wholeNumber({ max: 30 * 24 * 60 }).optional(),
    intervalMinutes: wholeNumber({ min: 1, max: 24 * 60 }).default(10),
    humidityMin: decimal({ min: 0, max: 100 }).optional(),
    humidityMax: decimal({ min: 0, max: 100 }).optional(),
    yieldMinKgPerMu: decimal({ min: 0, max: 100_000 }).optional(),
    yieldMaxKgPerMu: decimal({ min: 0, max: 100_000 }).optional(),
    growingDays: wholeNumber({ min: 1, max: 2000 }).optional(),
    // the plant's weigh ticket: each measure's allowance (and factor), ladder and reject threshold
    moistureAllowedPct: percent.optional(),
    moistureFactor: decimal({ min: 0, max: 10 }).optional(),
    moistureLadder: ladder,
    moistureRejectPct: percent.optional(),
    impurityAllowedPct: percent.optional(),
    impurityFactor: decimal({ min: 0, max: 10 }).optional(),
    impurityLadder: ladder,
    impurityRejectPct: percent.optional(),
    // a processing run whose main product this is: its plausible yield from the raw material
    runYieldMinPct: percent.optional(),
    runYieldMaxPct: percent.optional(),
  })
  .superRefine((p, ctx) => {
    const pairs = [
      ['minC', 'maxC'],
      ['humidityMin', 'humidityMax'],
      ['yieldMinKgPerMu', 'yieldMaxKgPerMu'],
      ['runYieldMinPct', 'runYieldMaxPct'],
    ] as const;
    for (const [lo, hi] of pairs) {
      if (p[lo] !== undefined && p[hi] !== undefined && p[lo]! > p[hi]!) {
        ctx.addIssue({ code: 'custom', path: [hi], message: 'v.maxBelowMin' });
      }
    }
  });
export type ProductInput = z.infer<typeof ProductSchema>;

export const OrganizationSchema = z
  .object({
    type: enumOf(ORG_TYPES),
    name: text(80),
    contactName: optionalText(40),
    phone,
    villageIds: objectIdList,
    memberHouseholds: wholeNumber({ max: 100_000 }).optional(),
    level: enumOf(ENTERPRISE_LEVELS).optional(),
    owner: optionalText(80),
    // a plant: the enterprise it receives for, and whether it processes for others (来料加工)
    servesOrgId: objectId.optional(),
    tollProcessing: confirmation,
    villageId: objectId.optional(),
    site: optionalText(80),
    species: z
      .union([enumOf(SPECIES), z.array(enumOf(SPECIES))])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
    // the unit its people weigh in; none: the type's usual one (斤 for a cooperative)
    weightUnit: enumOf(WEIGHT_UNITS).optional(),
  })
  .superRefine((o, ctx) => {
    const need = (field: keyof typeof o, ok: boolean) => {
      if (!ok) ctx.addIssue({ code: 'custom', path: [field], message: 'v.required' });
    };
    if (o.type === 'cooperative') {
      need('villageIds', o.villageIds.length > 0);
      need('memberHouseholds', o.memberHouseholds !== undefined);
    }
    if (o.type === 'enterprise') need('level', o.level !== undefined);
    if (o.type === 'base') {
      need('villageId', o.villageId !== undefined);
      need('species', o.species.length > 0);
    }
  });
export type OrganizationInput = z.infer<typeof OrganizationSchema>;

export const USERNAME_PATTERN = /^[a-z][a-z0-9-]{2,31}$/;
export const PASSWORD_MIN = 8;

/** The demo town's published password: never accepted as anyone's real one. */
const PUBLISHED_PASSWORDS = new Set(['demo1234']);

export const password = z
  .string({ error: 'v.required' })
  .min(PASSWORD_MIN, 'v.passwordTooShort')
  .max(128, 'v.tooLong')
  .refine((v) => !PUBLISHED_PASSWORDS.has(v), 'v.passwordPublished');

const userFields = {
  username: z.string({ error: 'v.required' }).trim().toLowerCase().regex(USERNAME_PATTERN, 'v.username'),
  displayName: text(40),
  role: enumOf(ROLES),
  orgId: objectId,
};
export const UserCreateSchema = z.object({ ...userFields, password });
export const UserUpdateSchema = z.object({ ...userFields, password: password.optional() });
export type UserCreateInput = z.infer<typeof UserCreateSchema>;
export type UserUpdateInput = z.infer<typeof UserUpdateSchema>;

export const LoginSchema = z.object({
  username: z.string({ error: 'v.required' }).trim().toLowerCase().min(1, 'v.required').max(64, 'v.tooLong'),
  password: z.string({ error: 'v.required' }).min(1, 'v.required').max(128, 'v.tooLong'),
  redirectTo: z.string().optional(),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ error: 'v.required' }).min(1, 'v.required'),
    newPassword: password,
    confirmPassword: z.string({ error: 'v.required' }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'v.passwordMismatch',
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ['newPassword'],
    message: 'v.passwordUnchanged',
  });

/** An API token's name (the `id` of a revoke button may come with it). */
export const TokenSchema = z.object({ name: text(60), id: z.string().optional() });
