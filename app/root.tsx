import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { GeneralErrorBoundary } from './components/error-boundary';
import { DAILY, NAV } from './components/nav';
import { translateMessage } from './components/ui/form';
import { FormGuard } from './components/ui/submit';
import { DEFAULT_LANGUAGE, localeTag, translator, wordChunksOf, type Language } from './i18n';
import { I18nProvider, useTranslation } from './i18n/react';
import styles from './styles/app.css?url';
import { getUser } from './utils/auth.server';
import { can } from './utils/permissions.server';
import { countAwaitingAcceptance } from '#models/trade/contract';
import { countDeliveriesWaiting } from '#models/trade/delivery';
import { countUnseenAlerts } from '#models/coldchain';
import { formToken } from './utils/csrf.server';
import { readFlash } from './utils/flash.server';
import { getLanguage } from './utils/i18n.server';
import { useNonce } from './utils/nonce';
import { pageTitle, pageWantsScripts } from './utils/page-handle';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const lng = await getLanguage(request, user?.locale);
  const flash = await readFlash(request);
  const token = await formToken(request);
  // what waits for this user's organization, counted beside its menu item
  const waiting: Record<string, number> = {};
  if (user && can(user, 'accept', 'contract'))
    waiting['/contracts'] = await countAwaitingAcceptance(user.orgId);
  if (user && can(user, 'read', 'delivery') && user.role !== 'official') {
    const count = (await countDeliveriesWaiting(user.orgId)).total;
    if (count > 0) waiting['/deliveries'] = count;
  }
  if (user && can(user, 'read', 'alert') && user.role !== 'official') {
    const count = await countUnseenAlerts({ access: 'own', townId: user.townId, orgId: user.orgId });
    if (count > 0) waiting['/alerts'] = count;
  }
  const headers = new Headers(flash.headers);
  if (token.setCookie) headers.append('Set-Cookie', token.setCookie);
  return data(
    {
      lng,
      flash: flash.message,
      // a fresh one-time key for the forms of each page; loaders run again after every post that
      // succeeds, and a form answered with a refusal moves on to a key of its own (FormGuard)
      onceKey: user ? crypto.randomUUID().replace(/-/g, '') : undefined,
      formToken: token.token,
      waiting,
      user: user && {
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        orgName: user.orgName,
        weightUnit: user.weightUnit,
      },
    },
    { headers },
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>('root');
  const lng: Language = rootData?.lng ?? DEFAULT_LANGUAGE;
  const nonce = useNonce();
  const matches = useMatches();
  const scripts = pageWantsScripts(matches.map((m) => m.handle));
  const words = wordChunksOf(matches.map((m) => m.handle));
  // the tab's title: the page's own (its handle, from its data), then the app's name; a
  // <title> element rather than meta, since a parent's meta cannot see its child's handle
  const t = translator(lng);
  const page = pageTitle(matches, t, lng);
  return (
    <html lang={localeTag(lng)} data-words={words.join(' ') || undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{page ? `${page} · ${t('app.name')}` : t('app.name')}</title>
        <Meta />
        <Links />
      </head>
      <body>
        <I18nProvider lng={lng} words={words}>
          {children}
        </I18nProvider>
        {scripts ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

function LanguageSwitch({ lng }: { lng: Language }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    // a document post: the whole page comes back in the other language (its words, the root's
    // data, every loader), never a client-side revalidation that a page still loading overtakes
    <Form method="post" action="/set-language" className="inline-form" reloadDocument>
      <FormGuard form="language" />
      <input type="hidden" name="lng" value={lng === 'zh' ? 'en' : 'zh'} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" className="link-button" lang={lng === 'zh' ? 'en' : 'zh'}>
        {t('nav.switchTo')}
      </button>
    </Form>
  );
}

/**
 * The page around every route and every error: header, the role's menu, the flash message.
 * Errors keep it too, so that a 403 or 404 still lets the user go on, in their language.
 */
function Chrome({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>('root');
  const { t } = useTranslation();
  const user = root?.user;
  const lng = root?.lng ?? DEFAULT_LANGUAGE;
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <div className="topbar-end">
          {user ? (
            <span className="whoami">
              {t('auth.signedInAs', { name: user.displayName, org: user.orgName })}
            </span>
          ) : null}
          <LanguageSwitch lng={lng} />
        </div>
      </header>
      {user ? (
        <nav className="mainnav" aria-label={t('nav.menu')}>
          <NavLink to="/" end>
            {t('nav.home')}
          </NavLink>
          {/* on a phone the items past the daily ones open with 更多 (a checkbox and its label:
              no script needed); wider screens show them all */}
          <input type="checkbox" id="menu-toggle" className="menu-toggle" aria-label={t('nav.more')} />
          <label htmlFor="menu-toggle" className="menu-button" aria-hidden="true">
            {t('nav.more')}
          </label>
          {NAV[user.role].map((item) => {
            const waiting = root?.waiting[item.to] ?? 0;
            return (
              <NavLink
                key={item.to}
                to={item.to}
                className={({ isActive }) =>
                  [DAILY[user.role].includes(item.to) ? 'daily' : 'more', isActive ? 'active' : '']
                    .join(' ')
                    .trim()
                }
              >
                {t(item.labelKey)}
                {waiting > 0 ? (
                  <span className="badge count" title={t('nav.waiting', { count: waiting })}>
                    {waiting}
                  </span>
                ) : null}
              </NavLink>
            );
          })}
          <NavLink to="/account/password" className={({ isActive }) => (isActive ? 'more active' : 'more')}>
            {t('nav.changePassword')}
          </NavLink>
          <Form method="post" action="/logout" className="inline-form more">
            <FormGuard form="logout" />
            <button type="submit" className="link-button">
              {t('nav.logout')}
            </button>
          </Form>
        </nav>
      ) : null}
      {root?.flash ? (
        <p className="flash" role="status">
          {translateMessage(t, root.flash)}
        </p>
      ) : null}
      <main>{children}</main>
    </>
  );
}

export default function App() {
  return (
    <Chrome>
      <Outlet />
    </Chrome>
  );
}

export function ErrorBoundary() {
  return (
    <Chrome>
      <GeneralErrorBoundary />
    </Chrome>
  );
}
