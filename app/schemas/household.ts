// Households and what is paid to them, as the forms send them: weights in kg or 斤, money in
// 元 (stored in 分), areas in 亩.
import { z } from 'zod';
import { HOUSEHOLD_PAY_METHODS, MIN_VOLUME_PCT, WEIGHT_INPUT_UNITS } from '~/domain/household';
import { GRADES } from '~/domain/planting';
import { anyDate, pastDate } from './planting';
import {
  confirmation,
  decimal,
  enumOf,
  notesText,
  objectId,
  optionalText,
  phone,
  moneyYuan,
  positiveDecimal,
  text,
  wholeNumber,
} from './common';

/** A household number as villages write them: letters, digits and - / (e.g. 03-12). */
export const householdNumber = text(20).regex(/^[\p{L}\p{N}\-/]+$/u, 'household.numberChars');

const yuan = (max: number) => decimal({ min: 0, max }).optional().default(0);

/** A membership's shares (入股): cash in 元 and land in 亩. */
const shares = {
  joinedOn: pastDate,
  cashYuan: yuan(100_000_000),
  landMu: yuan(100_000),
};

export const HouseholdSchema = z.object({
  villageId: objectId,
  number: householdNumber,
  head: text(30),
  members: wholeNumber({ min: 1, max: 50 }),
  phone,
  // officials only (ignored for others)
  lifted: z.boolean().optional().default(false),
  monitored: z.boolean().optional().default(false),
  // the cooperative the household belongs to (a cooperative's clerk: always its own)
  orgId: objectId.optional(),
  // required when the household joins a cooperative (the route knows when)
  joinedOn: pastDate.optional(),
  cashYuan: shares.cashYuan,
  landMu: shares.landMu,
});
export type HouseholdFormInput = z.infer<typeof HouseholdSchema>;

/** Officials add a household to a cooperative (or change its shares there). */
export const MembershipSchema = z.object({ orgId: objectId, ...shares });

export const PurchaseSchema = z.object({
  householdId: objectId,
  on: pastDate,
  productId: objectId,
  grade: enumOf(GRADES),
  quantity: positiveDecimal(1_000_000),
  weightUnit: enumOf(WEIGHT_INPUT_UNITS),
  // blank: the cooperative's price list
  priceYuan: positiveDecimal(100_000).optional(),
  // blank: a new collection lot
  lotId: objectId.optional(),
  note: notesText(200),
});

export const WageSchema = z.object({
  householdId: objectId,
  on: pastDate,
  worker: optionalText(30),
  days: positiveDecimal(366),
  rateYuan: positiveDecimal(100_000),
  note: notesText(200),
});

export const RentSchema = z.object({
  householdId: objectId,
  on: pastDate,
  areaMu: positiveDecimal(100_000),
  rateYuan: positiveDecimal(100_000),
  rentYear: wholeNumber({ min: 2000, max: 2100 }),
  note: notesText(200),
});

export const HouseholdPaymentSchema = z.object({
  amountYuan: moneyYuan(100_000_000),
  paidOn: pastDate,
  method: enumOf(HOUSEHOLD_PAY_METHODS),
  reference: optionalText(60),
  // ticked to record a payment that looks like one recorded on the same entry within a day
  confirmRepeat: confirmation,
});

export const DividendSchema = z.object({
  year: wholeNumber({ min: 2000, max: 2100 }),
  surplusYuan: positiveDecimal(1_000_000_000),
  volumePct: decimal({ min: 0, max: 100 }).refine((v) => v >= MIN_VOLUME_PCT, 'dividend.belowFloor'),
  landYuanPerMu: yuan(1_000_000),
  paidOn: anyDate,
});

export const ReverseSchema = z.object({
  reason: notesText(300).refine((s) => s.length > 0, 'v.required'),
});

export const PurchasePriceSchema = z.object({
  productId: objectId,
  grade: enumOf(GRADES),
  priceYuan: positiveDecimal(100_000),
});

const YES_NO = { 是: true, 否: false, yes: true, no: false, Y: true, N: false, '': false } as Record<
  string,
  boolean
>;
const yesNo = z.preprocess(
  (v) => (typeof v === 'string' ? (YES_NO[v.trim()] ?? v) : (v ?? false)),
  z.boolean({ error: 'household.yesNo' }),
);

/** A row of the register as a village's spreadsheet has it. */
export const HouseholdRowSchema = z.object({
  village: text(50),
  number: householdNumber,
  head: text(30),
  members: wholeNumber({ min: 1, max: 50 }),
  phone,
  cooperative: optionalText(50),
  joinedOn: pastDate.optional(),
  cashYuan: shares.cashYuan,
  landMu: shares.landMu,
  lifted: yesNo.optional().default(false),
  monitored: yesNo.optional().default(false),
});
export type HouseholdRow = z.infer<typeof HouseholdRowSchema>;
