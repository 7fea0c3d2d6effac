// Resource routes (files, images) answer errors as pages in the user's language with the
// right status, like every other route, not as a bare "Unexpected Server Error".
import type { LoaderFunctionArgs } from '@remix-run/node';
import { resources, type Language } from '~/i18n';
import { getLanguage } from './i18n.server';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page for a resource route's error (it has no layout of its own). */
export async function errorPage(request: Request, status: number) {
  const lng: Language = await getLanguage(request);
  const error = resources[lng].translation.error as Record<string, string>;
  const message = error[String(status)] ?? error['500'];
  const body = `<!doctype html><html lang="${lng === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} · 乡链</title></head><body style="font-family:sans-serif;padding:1rem"><h1>${escape(error.title)}</h1><p><strong>${status}</strong> ${escape(message)}</p><p><a href="/">${escape(error.backHome)}</a></p></body></html>`;
  return new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

/** Wraps a resource route's loader: a thrown 403/404 (or any status) becomes that page. */
export function resourceLoader(loader: (args: LoaderFunctionArgs) => Promise<Response>) {
  return async (args: LoaderFunctionArgs) => {
    try {
      return await loader(args);
    } catch (error) {
      if (error instanceof Response) return error; // a redirect to sign in
      const status = (error as { type?: string; init?: { status?: number } | null })?.init?.status;
      if ((error as { type?: string })?.type === 'DataWithResponseInit' && status) {
        return errorPage(args.request, status);
      }
      throw error;
    }
  };
}
