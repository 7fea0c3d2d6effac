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

/** The most tags one range may stand for (a birth or purchase of a large herd). */
export const EAR_TAG_RANGE_MAX = 10_000;

/**
 * The tags in a list as typed or scanned: one per line or separated by commas, and runs of
 * consecutive tags as a range, "首号-末号" (also ~, 至, 到) or "首号+头数" (the first tag and
 * how many). A range that cannot stand (different lengths, backwards, over the limit) stays
 * as typed, for the format check to name it.
 */
export function parseEarTags(text: string | undefined): string[] {
  const tokens = (text ?? '')
    .replace(/\s*[-~～至到—－]\s*/g, '-')
    .replace(/\s*[+＋]\s*/g, '+')
    .split(/[\s,，;；、]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  return tokens.flatMap(expandRange);
}

/** Tags as a reader takes them in: runs of three or more consecutive serials as one run. */
export function compactEarTags(
  tags: string[],
): Array<string | { first: string; last: string; count: number }> {
  const sorted = [...tags].sort();
  const out: Array<string | { first: string; last: string; count: number }> = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (
      j + 1 < sorted.length &&
      sorted[j + 1].length === 15 &&
      sorted[j + 1].slice(0, 7) === sorted[i].slice(0, 7) &&
      Number(sorted[j + 1].slice(7)) === Number(sorted[j].slice(7)) + 1
    )
      j += 1;
    if (j - i >= 2) out.push({ first: sorted[i], last: sorted[j], count: j - i + 1 });
    else out.push(...sorted.slice(i, j + 1));
    i = j + 1;
  }
  return out;
}

function expandRange(token: string): string[] {
  const span = /^(\d{15})-(\d{15})$/.exec(token);
  const counted = /^(\d{15})\+(\d{1,5})$/.exec(token);
  if (!span && !counted) return [token];
  const first = span ? span[1] : counted![1];
  // the county and species stay; the 8-digit serial counts up
  const head = first.slice(0, 7);
  const from = Number(first.slice(7));
  const count = span ? Number(span[2].slice(7)) - from + 1 : Number(counted![2]);
  if (span && span[2].slice(0, 7) !== head) return [token];
  if (!(count >= 1 && count <= EAR_TAG_RANGE_MAX) || from + count - 1 > 99_999_999) return [token];
  return Array.from({ length: count }, (_, i) => head + String(from + i).padStart(8, '0'));
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
