// The herd register: event kinds, species ear-tag digits, and the zod schemas shared by the
// form, the action and import rows (client-safe).
import { z } from 'zod';
import { enumOf, notesText, optionalText, positiveDecimal, wholeNumber, wordChoice } from './common';
import { pastDate } from './planting';
import { SPECIES, type Species } from './roles';

export const HERD_EVENT_KINDS = ['birth', 'purchase', 'death', 'sale', 'slaughter'] as const;
export type HerdEventKind = (typeof HERD_EVENT_KINDS)[number];
export const ADDING_KINDS: readonly HerdEventKind[] = ['birth', 'purchase'];
export const SELLING_KINDS: readonly HerdEventKind[] = ['sale', 'slaughter'];
export const isAdding = (kind: HerdEventKind) => ADDING_KINDS.includes(kind);

/** China's livestock ear tags: species digit + 6-digit county code + 8-digit serial. */
export const EAR_TAG_SPECIES_DIGIT: Partial<Record<Species, string>> = { pig: '1', cattle: '2', goat: '3' };
export const EAR_TAG_PATTERN = /^\d{15}$/;

/** The livestock product a sale of each species becomes (its code in the town's catalog). */
export const LIVESTOCK_PRODUCT_CODE: Record<Species, string> = {
  pig: 'SZ',
  cattle: 'HN',
  goat: 'SY',
  chicken: 'JQ',
};

export function parseEarTags(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,，;；、]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** Format problems of a list of tags for one species (the county is checked on the server). */
export function earTagProblems(tags: string[], species: Species, head: number): string[] {
  if (tags.length === 0) return [];
  const problems: string[] = [];
  const digit = EAR_TAG_SPECIES_DIGIT[species];
  if (!digit) return ['herd.noTagsForSpecies'];
  const bad = tags.filter((t) => !EAR_TAG_PATTERN.test(t));
  if (bad.length) problems.push(`herd.tagFormat|${JSON.stringify({ tags: bad.slice(0, 3).join(', ') })}`);
  const wrongSpecies = tags.filter((t) => EAR_TAG_PATTERN.test(t) && t[0] !== digit);
  if (wrongSpecies.length)
    problems.push(`herd.tagSpecies|${JSON.stringify({ tags: wrongSpecies.slice(0, 3).join(', '), digit })}`);
  const dupes = tags.filter((t, i) => tags.indexOf(t) !== i);
  if (dupes.length)
    problems.push(
      `herd.tagDuplicate|${JSON.stringify({ tags: [...new Set(dupes)].slice(0, 3).join(', ') })}`,
    );
  if (tags.length !== head) problems.push(`herd.tagCount|${JSON.stringify({ count: tags.length, head })}`);
  return problems;
}

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

/** The details only some kinds of event carry; the others store them empty. */
export type DetailField = 'cause' | 'buyer' | 'weightKg' | 'priceYuan';
const KIND_DETAILS: Record<
  HerdEventKind,
  { fields: readonly DetailField[]; required: readonly DetailField[] }
> = {
  birth: { fields: [], required: [] },
  purchase: { fields: [], required: [] },
  death: { fields: ['cause'], required: ['cause'] },
  sale: { fields: ['buyer', 'weightKg', 'priceYuan'], required: ['buyer'] },
  slaughter: { fields: ['weightKg'], required: [] },
};
export const kindHas = (kind: HerdEventKind, field: DetailField) => KIND_DETAILS[kind].fields.includes(field);
/** The kinds of event a detail field applies to (form hints). */
export const kindsWith = (field: DetailField, list: 'fields' | 'required' = 'fields') =>
  HERD_EVENT_KINDS.filter((k) => KIND_DETAILS[k][list].includes(field));

type Details = { cause?: string; buyer?: string; weightKg?: number; priceYuan?: number };

/** Required details missing for a kind of event, as field errors (form, correction, import). */
export function missingDetails(kind: HerdEventKind, details: Details): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const field of KIND_DETAILS[kind].required) {
    const v = details[field];
    if (v === undefined || v === '') errors[field] = ['v.required'];
  }
  return errors;
}

type EventShape = Details & { kind: HerdEventKind; species: Species; head: number; earTags: string };

export function checkEventShape(e: EventShape, ctx: z.RefinementCtx) {
  for (const [field, messages] of Object.entries(missingDetails(e.kind, e))) {
    for (const message of messages) ctx.addIssue({ code: 'custom', path: [field], message });
  }
  for (const message of earTagProblems(parseEarTags(e.earTags), e.species, e.head)) {
    ctx.addIssue({ code: 'custom', path: ['earTags'], message });
  }
}

export const HerdEventSchema = z.object(eventFields).superRefine(checkEventShape);
export type HerdEventInput = z.infer<typeof HerdEventSchema>;

export const KIND_WORDS: Record<string, HerdEventKind> = {
  出生: 'birth',
  购入: 'purchase',
  死亡: 'death',
  出售: 'sale',
  屠宰: 'slaughter',
};
export const SPECIES_WORDS: Record<string, Species> = {
  生猪: 'pig',
  猪: 'pig',
  牛: 'cattle',
  羊: 'goat',
  山羊: 'goat',
  鸡: 'chicken',
};
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

export const yuanToFen = (yuan: number) => Math.round(yuan * 100);
