import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { setUserLocale } from '#models/town';
import { isLanguage } from '~/i18n';
import { getUser, safeRedirect } from '~/utils/auth.server';
import { readForm } from '~/utils/forms.server';
import { resourceRoute } from '~/utils/resource.server';
import { languageCookie } from '~/utils/i18n.server';

export async function loader() {
  return redirect('/');
}

/** The language switch: a cookie for this browser and, when signed in, the user's own setting. */
export const action = resourceRoute(async ({ request }: ActionFunctionArgs) => {
  const form = await readForm(request);
  const lng = form.get('lng');
  const to = safeRedirect(String(form.get('redirectTo') ?? '/'));
  if (!isLanguage(lng)) return redirect(to);
  const user = await getUser(request);
  if (user) await setUserLocale(user.id, lng);
  return redirect(to, { headers: { 'Set-Cookie': await languageCookie.serialize(lng) } });
});
