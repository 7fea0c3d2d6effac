import { createCookie, redirect } from '@remix-run/node';

// A one-shot message shown after a redirect ("已保存"). Holds an i18n key, nothing else.
const cookie = createCookie('xl_flash', { httpOnly: true, sameSite: 'lax', path: '/', maxAge: 60 });

/** The Set-Cookie value carrying a flash message to the next page. */
export const flashCookie = (messageKey: string) => cookie.serialize(messageKey);

export async function redirectWithFlash(to: string, messageKey: string, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.append('Set-Cookie', await cookie.serialize(messageKey));
  return redirect(to, { ...init, headers });
}

/** Reads the flash message and returns the header that clears it. */
export async function readFlash(request: Request): Promise<{ message: string | null; headers: HeadersInit }> {
  const message = await cookie.parse(request.headers.get('Cookie'));
  if (typeof message !== 'string') return { message: null, headers: {} };
  return { message, headers: { 'Set-Cookie': await cookie.serialize('', { maxAge: 0 }) } };
}
