// Resource routes (files, images) answer errors as pages in the user's language with the
// right status, like every other route, not as a bare "Unexpected Server Error".
import type { LoaderFunctionArgs } from '@remix-run/node';
import type { Language } from '~/i18n';
import { resources } from '~/i18n/messages.server';
import { getLanguage } from './i18n.server';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page for a resource route's error (it has no layout of its own). */
export async function errorPage(request: Request, status: number, code?: string) {
  const lng: Language = await getLanguage(request);
  const error = resources[lng].error as Record<string, string>;
  const message = (code && error[code]) || error[String(status)] || error['500'];
  const body = `<!doctype html><html lang="${lng === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} · 乡链</title></head><body style="font-family:sans-serif;padding:1rem"><h1>${escape(error.title)}</h1><p><strong>${status}</strong> ${escape(message)}</p><p><a href="/">${escape(error.backHome)}</a></p></body></html>`;
  return new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

/**
 * Wraps a resource route's loader or action (a route without a page: files, the language
 * switch, sign-out): a thrown 403/404 (or any status) becomes that page.
 */
export function resourceRoute<Args extends { request: Request }>(handler: (args: Args) => Promise<Response>) {
  return async (args: Args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (error instanceof Response) return error; // a redirect to sign in
      const e = error as { type?: string; init?: { status?: number } | null; data?: { error?: string } };
      if (e?.type === 'DataWithResponseInit' && e.init?.status) {
        return errorPage(args.request, e.init.status, e.data?.error);
      }
      throw error;
    }
  };
}

export const resourceLoader = resourceRoute<LoaderFunctionArgs>;
