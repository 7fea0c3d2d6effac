// An offtake contract's terms as the form sends them (prices in 元, stored in 分).
import { z } from 'zod';
import {
  GRADE_TERM_KINDS,
  GRADES,
  gradeKindField,
  gradeYuanField,
  MARKET_RULES,
  parseSchedule,
} from '~/domain/contract';
import type { Grade } from '~/domain/planting';
import { decimal, enumOf, notesText, objectId, positiveDecimal } from './common';
import { anyDate } from './planting';

const yuan = (max: number) => decimal({ min: -max, max });

const gradeFields = Object.fromEntries(
  GRADES.flatMap((g) => [
    [gradeKindField(g), enumOf(GRADE_TERM_KINDS).default('base')],
    [gradeYuanField(g), yuan(100_000).optional()],
  ]),
) as Record<`${Grade}Kind`, z.ZodDefault<ReturnType<typeof enumOf<typeof GRADE_TERM_KINDS>>>> &
  Record<`${Grade}Yuan`, z.ZodOptional<ReturnType<typeof yuan>>>;

export const ContractSchema = z
  .object({
    // an official names the buyer; an enterprise is the buyer itself
    buyerOrgId: objectId.optional(),
    sellerOrgId: objectId,
    productId: objectId,
    committedQty: positiveDecimal(1_000_000_000),
    windowStart: anyDate,
    windowEnd: anyDate,
    floorYuan: positiveDecimal(1_000_000),
    marketRule: enumOf(MARKET_RULES).default('none'),
    marketPercent: decimal({ min: -50, max: 200 }).optional(),
    ...gradeFields,
    moistureFreePct: decimal({ min: 0, max: 100 }).optional().default(0),
    impurityFreePct: decimal({ min: 0, max: 100 }).optional().default(0),
    depositYuan: decimal({ min: 0, max: 1_000_000_000 }).optional().default(0),
    overageAllowed: z.boolean().optional().default(false),
    notes: notesText(500),
    schedule: notesText(2000),
  })
  .superRefine((c, ctx) => {
    const plan = parseSchedule(c.schedule);
    if (!plan.ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['schedule'],
        message: `contract.scheduleLine|${JSON.stringify({ line: plan.line })}`,
      });
    } else {
      const months = plan.lines.map((l) => l.month);
      if (new Set(months).size !== months.length)
        ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'contract.scheduleTwice' });
      if (months.some((m) => m < c.windowStart.slice(0, 7) || m > c.windowEnd.slice(0, 7)))
        ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'contract.scheduleOutside' });
      if (plan.lines.reduce((s, l) => s + l.qty, 0) > c.committedQty + 1e-9)
        ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'contract.scheduleTooMuch' });
    }
    if (c.windowEnd < c.windowStart)
      ctx.addIssue({ code: 'custom', path: ['windowEnd'], message: 'contract.windowBackwards' });
    if (c.marketRule === 'premium' && c.marketPercent === undefined)
      ctx.addIssue({ code: 'custom', path: ['marketPercent'], message: 'v.required' });
    for (const g of GRADES) {
      const kind = c[gradeKindField(g)];
      const value = c[gradeYuanField(g)];
      if (kind !== 'base' && value === undefined)
        ctx.addIssue({ code: 'custom', path: [gradeYuanField(g)], message: 'v.required' });
      if (kind === 'price' && value !== undefined && value <= 0)
        ctx.addIssue({ code: 'custom', path: [gradeYuanField(g)], message: 'v.positive' });
    }
  });
export type ContractInput = z.infer<typeof ContractSchema>;

export const TerminateSchema = z.object({ reason: notesText(300).refine((v) => v.length > 0, 'v.required') });

/** New terms for an active contract, proposed by one party to the other. */
export const AmendSchema = z
  .object({
    committedQty: positiveDecimal(1_000_000_000),
    windowEnd: anyDate,
    floorYuan: positiveDecimal(1_000_000),
    overageAllowed: z.boolean().optional().default(false),
    schedule: notesText(2000),
    reason: notesText(300).refine((v) => v.length > 0, 'v.required'),
  })
  .superRefine((c, ctx) => {
    const plan = parseSchedule(c.schedule);
    if (!plan.ok)
      ctx.addIssue({
        code: 'custom',
        path: ['schedule'],
        message: `contract.scheduleLine|${JSON.stringify({ line: plan.line })}`,
      });
    else if (plan.lines.reduce((s, l) => s + l.qty, 0) > c.committedQty + 1e-9)
      ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'contract.scheduleTooMuch' });
  });

export const RefuseAmendmentSchema = z.object({
  amendmentId: objectId,
  reason: notesText(300).refine((v) => v.length > 0, 'v.required'),
});
