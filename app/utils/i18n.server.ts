import { createCookie } from '@remix-run/node';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_COOKIE, type Language } from '~/i18n';

export const languageCookie = createCookie(LANGUAGE_COOKIE, {
  httpOnly: false,
  sameSite: 'lax',
  path: '/',
  maxAge: 365 * 24 * 60 * 60,
});

/** The language for a request: the switch's cookie, then the user's saved choice, then Chinese. */
export async function getLanguage(request: Request, userLocale?: string | null): Promise<Language> {
  const fromCookie = await languageCookie.parse(request.headers.get('Cookie'));
  if (isLanguage(fromCookie)) return fromCookie;
  if (isLanguage(userLocale)) return userLocale;
  return DEFAULT_LANGUAGE;
}
