// The UI's words. Every feature keeps them in app/i18n/messages/<language>/<feature>.ts; the
// server holds both languages, the browser loads only its user's (see loadMessages). The
// translator is ours and small: nested keys, {{name}} values (numbers shown with the
// language's separators) and plural forms (`key_one` / `key_other`, chosen by `count`).

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh';
export const LANGUAGE_COOKIE = 'xl_lng';

export type Messages = { [key: string]: string | Messages };
/** `t(key)`, `t(key, { name: value })`, or `t(key, 'shown when the key has no words')`. */
export type TFunction = (key: string, values?: Record<string, unknown> | string) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** BCP 47 tag for Intl formatting and <html lang>. */
export const localeTag = (lng: Language) => (lng === 'en' ? 'en-US' : 'zh-CN');

const loaded = new Map<Language, Messages>();

/**
 * Words only some pages read travel in chunks of their own: a page names them in its handle
 * (`words`), the browser fetches them with the language's words, and every other page is
 * spared them (decision 0007). The server holds them all.
 */
export const WORD_CHUNKS = ['plant', 'dashboard', 'coldchain'] as const;
export type WordChunk = (typeof WORD_CHUNKS)[number];
const chunksLoaded = new Map<Language, Set<WordChunk>>();

/** Words added to words: a chunk may add keys to a namespace the common words have (one level deep). */
export function mergeMessages(base: Messages | undefined, more: Messages): Messages {
  const out: Messages = { ...base };
  for (const [k, v] of Object.entries(more)) {
    const old = out[k];
    out[k] = typeof v === 'object' && typeof old === 'object' ? { ...old, ...v } : v;
  }
  return out;
}

export function registerMessages(lng: Language, messages: Messages, chunk?: WordChunk) {
  loaded.set(lng, mergeMessages(loaded.get(lng), messages));
  if (chunk) {
    const set = chunksLoaded.get(lng) ?? new Set<WordChunk>();
    set.add(chunk);
    chunksLoaded.set(lng, set);
  }
  translators.delete(lng);
}

export const hasMessages = (lng: Language, chunks: readonly WordChunk[] = []) =>
  loaded.has(lng) && chunks.every((c) => chunksLoaded.get(lng)?.has(c));

const chunkImports: Record<Language, Record<WordChunk, () => Promise<{ default: Messages }>>> = {
  zh: {
    plant: () => import('./messages/zh/plant'),
    dashboard: () => import('./messages/zh/dashboard'),
    coldchain: () => import('./messages/zh/coldchain'),
  },
  en: {
    plant: () => import('./messages/en/plant'),
    dashboard: () => import('./messages/en/dashboard'),
    coldchain: () => import('./messages/en/coldchain'),
  },
};

/** Fetches a language's words and the chunks asked for (separate chunks in the browser). */
export async function loadMessages(lng: Language, chunks: readonly WordChunk[] = []) {
  if (!loaded.has(lng)) {
    const module = lng === 'en' ? await import('./messages/en') : await import('./messages/zh');
    registerMessages(lng, module.default);
  }
  for (const chunk of chunks) {
    if (chunksLoaded.get(lng)?.has(chunk)) continue;
    registerMessages(lng, (await chunkImports[lng][chunk]()).default, chunk);
  }
}

/** The chunks a page's routes name (their handles' `words`), for the root to load. */
export function wordChunksOf(handles: unknown[]): WordChunk[] {
  const all = handles.flatMap(
    (h) => ((h as { words?: WordChunk[] } | undefined)?.words ?? []) as WordChunk[],
  );
  return WORD_CHUNKS.filter((c) => all.includes(c));
}

// Chinese and English both group digits by thousands with commas
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function lookup(messages: Messages | undefined, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (!node || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const translators = new Map<Language, TFunction>();

/**
 * The translator for a language. A key missing in it falls back to Chinese, then to the key
 * itself (which the key test keeps from happening).
 */
export function translator(lng: Language): TFunction {
  const existing = translators.get(lng);
  if (existing) return existing;
  const plurals = new Intl.PluralRules(localeTag(lng));
  const own = (key: string) => lookup(loaded.get(lng), key);
  const find = (key: string) =>
    own(key) ??
    lookup(loaded.get(DEFAULT_LANGUAGE), key) ??
    // before its own words have arrived, a page shows the other language rather than keys
    [...loaded.values()].map((m) => lookup(m, key)).find((v) => v !== undefined);
  const t: TFunction = (key, valuesOrFallback) => {
    if (typeof valuesOrFallback === 'string') return find(key) ?? valuesOrFallback;
    const values = valuesOrFallback;
    const count = values?.count;
    // a plural form only from the reader's own language (Chinese has none: its one form is
    // the key itself), never another language's
    const plural = typeof count === 'number' ? own(`${key}_${plurals.select(count)}`) : undefined;
    const text = plural ?? find(key) ?? key;
    if (!values) return text;
    return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined || value === null) return whole;
      return typeof value === 'number' ? NUMBER.format(value) : String(value);
    });
  };
  if (loaded.has(lng)) translators.set(lng, t);
  return t;
}
