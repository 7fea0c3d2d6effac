import { createCookie, redirect } from '@remix-run/node';

// A one-shot message shown after a redirect ("已保存"). Holds an i18n key, nothing else.
const flashCookie = createCookie('xl_flash', { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 60 });

export async function redirectWithFlash(to: string, messageKey: string, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.append('Set-Cookie', await flashCookie.serialize(messageKey));
  return redirect(to, { ...init, headers });
}

/** Reads the flash message and returns the header that clears it. */
export async function readFlash(request: Request): Promise<{ message: string | null; headers: HeadersInit }> {
  const message = await flashCookie.parse(request.headers.get('Cookie'));
  if (typeof message !== 'string') return { message: null, headers: {} };
  return { message, headers: { 'Set-Cookie': await flashCookie.serialize('', { maxAge: 0 }) } };
}
