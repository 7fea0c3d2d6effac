// Targets and problems: the zod schemas of their forms.
import { z } from 'zod';
import { confirmation, decimal, enumOf, notesText, objectId, optionalText, text } from './common';
import { anyDate, pastDate } from './planting';
import { METRIC_SCOPES, NEEDS_PRODUCT, SCOPE_KINDS, TARGET_METRICS } from '~/domain/target';
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES, PROBLEM_STATUSES } from '~/domain/problem';

export * from '~/domain/target';

const optionalId = objectId.optional().or(z.literal('').transform(() => undefined));

export const TargetSchema = z
  .object({
    title: text(60),
    metric: enumOf(TARGET_METRICS),
    scopeKind: enumOf(SCOPE_KINDS),
    scopeId: optionalId, // the village, base, cooperative or product
    productId: optionalId, // the crop or product (acreage, product sales)
    value: decimal({ min: 0, max: 1e12 }).refine((v) => v > 0, 'v.positive'),
    baseline: decimal({ min: 0, max: 1e12 }).default(0),
    baselineOn: anyDate,
    startOn: anyDate,
    deadline: anyDate,
    notes: notesText(500),
    // 置顶: shown first on the dashboard (the targets the town is judged by)
    pinned: confirmation,
  })
  .superRefine((t, ctx) => {
    if (t.deadline <= t.startOn)
      ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'target.deadlineBeforeStart' });
    if (t.baselineOn > t.deadline)
      ctx.addIssue({ code: 'custom', path: ['baselineOn'], message: 'target.baselineAfterDeadline' });
    if (!METRIC_SCOPES[t.metric].includes(t.scopeKind)) {
      ctx.addIssue({ code: 'custom', path: ['scopeKind'], message: 'target.scopeNotForMetric' });
    }
    if (t.scopeKind !== 'town' && t.scopeKind !== 'product' && !t.scopeId) {
      ctx.addIssue({ code: 'custom', path: ['scopeId'], message: 'v.required' });
    }
    if (NEEDS_PRODUCT.includes(t.metric) && !t.productId) {
      ctx.addIssue({ code: 'custom', path: ['productId'], message: 'v.required' });
    }
    if (t.value <= t.baseline)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'target.notAboveBaseline' });
  });
// code that makes targets (the demo, tests) may leave 置顶 out: not pinned
export type TargetInput = Omit<z.infer<typeof TargetSchema>, 'pinned'> & { pinned?: boolean };

export const ProblemSchema = z.object({
  title: text(80),
  villageId: optionalId,
  source: enumOf(PROBLEM_SOURCES),
  raisedOn: pastDate,
  category: enumOf(PROBLEM_CATEGORIES),
  description: notesText(2000),
});
export type ProblemInput = z.infer<typeof ProblemSchema>;

/** What officials set: who leads, who helps, by when, and where it stands. */
export const ProblemAssignSchema = z
  .object({
    leadUnit: text(60),
    cooperatingUnits: optionalText(200),
    deadline: anyDate.optional().or(z.literal('').transform(() => undefined)),
    status: enumOf(PROBLEM_STATUSES),
    reason: optionalText(300),
  })
  .superRefine((p, ctx) => {
    if (p.status === 'unsolvable' && !p.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'problem.reasonRequired' });
    }
  });
export type ProblemAssignInput = z.infer<typeof ProblemAssignSchema>;

export const ProblemNoteSchema = z.object({
  on: pastDate,
  note: text(500),
  // ticked to add a note the same as one added within a day
  confirmRepeat: confirmation,
});
