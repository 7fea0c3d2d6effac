// What a route tells the page around it (root.tsx) through Remix's `handle` export.

export interface PageHandle {
  /**
   * false: the page needs no JavaScript (it shows records; its links and search forms work
   * as plain HTML), so none is sent: the browser downloads no React for it. Pages with forms
   * that post, or with charts, leave it out.
   */
  scripts?: false;
}

export const NO_SCRIPTS: PageHandle = { scripts: false };

export function pageWantsScripts(handles: unknown[]) {
  return !handles.some((h) => (h as PageHandle | undefined)?.scripts === false);
}
