// The herd register's words and rules, without zod: the browser's forms use them too.
import type { Species } from '~/schemas/roles';

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

export type Details = { cause?: string; buyer?: string; weightKg?: number; priceYuan?: number };

/** Required details missing for a kind of event, as field errors (form, correction, import). */
export function missingDetails(kind: HerdEventKind, details: Details): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const field of KIND_DETAILS[kind].required) {
    const v = details[field];
    if (v === undefined || v === '') errors[field] = ['v.required'];
  }
  return errors;
}

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
export const yuanToFen = (yuan: number) => Math.round(yuan * 100);
