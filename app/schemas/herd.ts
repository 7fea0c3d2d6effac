// The herd register: event kinds, species ear-tag digits, and the zod schemas shared by the
// action and import rows (the words and rules themselves are in ~/domain/herd).
import { z } from 'zod';
import {
  enumOf,
  notesText,
  objectId,
  optionalText,
  positiveDecimal,
  wholeNumber,
  wordChoice,
} from './common';
import { pastDate } from './planting';
import { SPECIES, type Species } from './roles';
import {
  earTagProblems,
  HERD_EVENT_KINDS,
  KIND_WORDS,
  missingDetails,
  parseEarTags,
  SPECIES_WORDS,
  type Details,
  type HerdEventKind,
} from '~/domain/herd';

export * from '~/domain/herd';

const eventFields = {
  kind: enumOf(HERD_EVENT_KINDS),
  species: enumOf(SPECIES),
  date: pastDate,
  head: wholeNumber({ min: 1, max: 100_000 }),
  earTags: notesText(20_000),
  cause: optionalText(200),
  buyer: optionalText(80),
  weightKg: positiveDecimal(10_000_000).optional(),
  priceYuan: positiveDecimal(1_000_000_000).optional(),
  notes: notesText(500),
};

type EventShape = Details & { kind: HerdEventKind; species: Species; head: number; earTags: string };

export function checkEventShape(e: EventShape, ctx: z.RefinementCtx) {
  for (const [field, messages] of Object.entries(missingDetails(e.kind, e))) {
    for (const message of messages) ctx.addIssue({ code: 'custom', path: [field], message });
  }
  for (const message of earTagProblems(parseEarTags(e.earTags), e.species, e.head)) {
    ctx.addIssue({ code: 'custom', path: ['earTags'], message });
  }
}

export const HerdEventSchema = z
  .object({
    ...eventFields,
    // a sale to an enterprise in the app: it becomes a delivery the buyer confirms
    buyerOrgId: objectId.optional(),
  })
  .superRefine((e, ctx) => {
    // a buyer chosen in the app is a buyer named
    checkEventShape({ ...e, buyer: e.buyer || (e.buyerOrgId ? '-' : '') }, ctx);
    if (e.buyerOrgId && e.kind !== 'sale')
      ctx.addIssue({ code: 'custom', path: ['buyerOrgId'], message: 'v.invalidChoice' });
    if (e.buyerOrgId && e.priceYuan === undefined)
      ctx.addIssue({ code: 'custom', path: ['priceYuan'], message: 'v.required' });
  });
export type HerdEventInput = z.infer<typeof HerdEventSchema>;

/** An import row: kinds and species may be written in Chinese as the template shows. */
export const HerdEventRowSchema = z
  .object({
    ...eventFields,
    kind: wordChoice(HERD_EVENT_KINDS, KIND_WORDS),
    species: wordChoice(SPECIES, SPECIES_WORDS),
  })
  .superRefine(checkEventShape);

/** Corrections never touch what the head count depends on. */
export const HerdEventCorrectionSchema = z.object({
  cause: optionalText(200),
  buyer: optionalText(80),
  priceYuan: positiveDecimal(1_000_000_000).optional(),
  notes: notesText(500),
});
export type HerdEventCorrection = z.infer<typeof HerdEventCorrectionSchema>;

/** Why a herd record is voided by a reversing entry. */
export const HerdReverseSchema = z.object({ reverseNote: notesText(200) });
