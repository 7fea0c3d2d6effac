// What a route tells the page around it (root.tsx) through Remix's `handle` export.
import type { Language, TFunction, WordChunk } from '~/i18n';

export interface PageHandle {
  /**
   * false: the page needs no JavaScript (it shows records; its links and search forms work
   * as plain HTML), so none is sent: the browser downloads no React for it. Pages with forms
   * that post, or with charts, leave it out.
   */
  scripts?: false;
  /** the chunks of words the page reads beyond the common ones (app/i18n, WORD_CHUNKS) */
  words?: WordChunk[];
  /**
   * The browser tab's title, in the reader's language: a message key, or made from the
   * page's loader data (undefined when the page failed). root.tsx adds the app's name.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  title?: string | ((t: TFunction, lng: Language, data: any) => string | undefined);
}

export function pageWantsScripts(handles: unknown[]) {
  return !handles.some((h) => (h as PageHandle | undefined)?.scripts === false);
}

/** The title of the deepest page that names one. */
export function pageTitle(matches: Array<{ handle?: unknown; data?: unknown }>, t: TFunction, lng: Language) {
  for (const match of [...matches].reverse()) {
    const title = (match.handle as PageHandle | undefined)?.title;
    if (!title) continue;
    const text = typeof title === 'string' ? t(title) : title(t, lng, match.data);
    if (text) return text;
  }
  return undefined;
}
