// What a weigh ticket and a processing run take, from the plant's forms and the weighbridge's
// JSON alike (issue 20). Weights in kg to 0.1 (the weighbridge's reading), percentages 0–100.
import { z } from 'zod';
import { GRADES } from '~/domain/planting';
import { shanghaiInstant } from '~/domain/time';
import { decimal, enumOf, notesText, objectId, optionalText, positiveDecimal } from './common';
import { weighTicket } from './delivery';

const MAX_KG = 200_000; // a weighbridge's range: 200 t
const percent = decimal({ min: 0, max: 100 }).optional().default(0);
/** A weight to 0.1 kg, as a weighbridge prints it. */
export const scaleKg = positiveDecimal(MAX_KG).refine(
  (v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-6,
  'intake.tenths',
);
const LOT_CODE = /^[A-Z0-9]{2,6}-[A-Z0-9]{1,6}-\d{8}-\d{3,6}$/;

/** The lots of a ticket typed or scanned, one per line: "CODE" (all of it) or "CODE 500" (500 kg of it). */
export const lotLines = optionalText(6000, { multiline: true }).transform((text, ctx) => {
  const lines: Array<{ code: string; kg?: number }> = [];
  for (const raw of text.split(/[\n,，;；]+/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^(\S+)(?:\s+(\d+(?:\.\d)?))?\s*(?:kg|千克|公斤)?$/i.exec(line);
    const code = m?.[1]?.toUpperCase() ?? '';
    // a QR scanned as the trace address: its code is the last part
    const bare = code.includes('/T/') ? decodeURIComponent(code.slice(code.lastIndexOf('/T/') + 3)) : code;
    if (!m || !LOT_CODE.test(bare) || (m[2] !== undefined && !(Number(m[2]) > 0))) {
      ctx.addIssue({
        code: 'custom',
        message: `intake.lotLine|${JSON.stringify({ line: line.slice(0, 60) })}`,
      });
      return z.NEVER;
    }
    lines.push({ code: bare, ...(m[2] !== undefined && { kg: Number(m[2]) }) });
  }
  if (lines.length > 200) {
    ctx.addIssue({ code: 'custom', message: 'intake.tooManyLots' });
    return z.NEVER;
  }
  return lines;
});

/** A time typed in Shanghai ('2026-11-15T08:30'), not in the future (a few minutes' clock drift allowed). */
export const weighTime = z
  .string({ error: 'v.required' })
  .trim()
  .transform((v, ctx) => {
    const at = shanghaiInstant(v);
    if (!at) ctx.addIssue({ code: 'custom', message: 'v.date' });
    else if (at.getTime() > Date.now() + 10 * 60_000)
      ctx.addIssue({ code: 'custom', message: 'v.futureDate' });
    return at ?? new Date(0);
  });

/** 过磅入厂, as the gate's form posts it. */
const intakeFields = {
  number: weighTicket,
  weighedAt: weighTime,
  deliveryId: objectId.optional(),
  lotCodes: lotLines,
  grossKg: scaleKg,
  tareKg: scaleKg,
  moisturePct: percent,
  impurityPct: percent,
  grade: enumOf(GRADES),
  feeYuanPerKg: decimal({ min: 0, max: 100 })
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'v.wholeFen')
    .optional(),
  notes: notesText(300),
};
const someLots = (v: { deliveryId?: string; lotCodes: unknown[] }, ctx: z.RefinementCtx) => {
  if (!v.deliveryId && v.lotCodes.length === 0)
    ctx.addIssue({ code: 'custom', path: ['lotCodes'], message: 'intake.noLots' });
};
export const IntakeFormSchema = z.object(intakeFields).superRefine(someLots);
export type IntakeFormInput = z.infer<typeof IntakeFormSchema>;

/** 计算 before the ticket is saved: the same, the ticket's number not needed yet. */
export const IntakePreviewSchema = z
  .object({ ...intakeFields, number: weighTicket.optional() })
  .superRefine(someLots);

/** What the intake command takes (the form's and the API's values, made one). */
export const IntakeCommandSchema = z.object({
  number: weighTicket,
  weighedAt: z.date(),
  deliveryId: objectId.optional(),
  lots: z.array(z.object({ code: z.string().max(60), kg: z.number().positive().optional() })).max(200),
  grossKg: scaleKg,
  tareKg: scaleKg,
  moisturePct: decimal({ min: 0, max: 100 }),
  impurityPct: decimal({ min: 0, max: 100 }),
  grade: enumOf(GRADES),
  feeFenPerKg: z.number().int().min(0).max(10_000).optional(),
  notes: z.string().max(300).optional(),
  source: z.enum(['form', 'api']).optional(),
});
export type IntakeInput = z.infer<typeof IntakeCommandSchema>;

/** The form's values as the command takes them. */
export function intakeInputOf(v: Omit<IntakeFormInput, 'number'> & { number?: string }): IntakeInput {
  return {
    number: v.number ?? '',
    weighedAt: v.weighedAt,
    deliveryId: v.deliveryId,
    lots: v.lotCodes,
    grossKg: v.grossKg,
    tareKg: v.tareKg,
    moisturePct: v.moisturePct,
    impurityPct: v.impurityPct,
    grade: v.grade,
    feeFenPerKg: v.feeYuanPerKg === undefined ? undefined : Math.round(v.feeYuanPerKg * 100),
    notes: v.notes,
    source: 'form',
  };
}

/** The weighbridge's JSON (POST /api/v1/intake). */
export const IntakeApiSchema = z
  .object({
    ticketNumber: weighTicket,
    weighedAt: z.string().datetime({ offset: true, error: 'intake.isoTime' }),
    grossKg: scaleKg,
    tareKg: scaleKg,
    lotCodes: z.array(z.string().max(60)).max(200).optional(),
    lots: z
      .array(z.object({ code: z.string().max(60), kg: positiveDecimal(MAX_KG).optional() }).strict())
      .max(200)
      .optional(),
    deliveryCode: z.string().max(40).optional(),
    moisturePct: decimal({ min: 0, max: 100 }).optional(),
    impurityPct: decimal({ min: 0, max: 100 }).optional(),
    grade: enumOf(GRADES).optional(),
    feeFenPerKg: z.number().int().min(0).max(10_000).optional(),
    notes: z.string().max(300).optional(),
  })
  .strict();

// ---------------------------------------------------------------- processing runs

/** Opening a run: the lots drawn, "CODE" (all of it) or "CODE 500" (500 kg), one per line. */
export const RunOpenSchema = z
  .object({
    // lots ticked whole from the plant's stock, and lots typed (whole, or "CODE 500" for part)
    pick: z
      .union([z.string().max(60), z.array(z.string().max(60)).max(200)])
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
    lotCodes: lotLines,
    notes: notesText(300),
  })
  .transform((v, ctx) => {
    const typed = new Set(v.lotCodes.map((l) => l.code));
    const lots = [...v.pick.filter((c) => !typed.has(c)).map((code) => ({ code })), ...v.lotCodes];
    if (lots.length === 0) ctx.addIssue({ code: 'custom', path: ['lotCodes'], message: 'run.noInputs' });
    return { lots, notes: v.notes };
  });

/** Closing a run: the main product and its kg, a by-product, the waste; the rest is water lost. */
export const RunCloseSchema = z
  .object({
    mainProductId: objectId,
    mainKg: scaleKg,
    byProductId: objectId.optional(),
    byKg: scaleKg.optional(),
    wasteKg: decimal({ min: 0, max: MAX_KG }).optional().default(0),
    closedOn: z.string().optional(),
    notes: notesText(300),
  })
  .superRefine((v, ctx) => {
    if (v.byProductId && v.byKg === undefined)
      ctx.addIssue({ code: 'custom', path: ['byKg'], message: 'v.required' });
    if (!v.byProductId && v.byKg !== undefined)
      ctx.addIssue({ code: 'custom', path: ['byProductId'], message: 'v.required' });
  });

export const RunCheckSchema = z.object({ note: notesText(300).refine((s) => s.length > 0, 'v.required') });
