import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
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
  useLoaderData,
  useLocation,
  useRouteLoaderData,
} from '@remix-run/react';
import { useMemo, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { GeneralErrorBoundary } from './components/error-boundary';
import { NAV } from './components/nav';
import { translateMessage } from './components/ui/form';
import { createI18n, DEFAULT_LANGUAGE, localeTag, type Language } from './i18n';
import styles from './styles/app.css?url';
import { getUser } from './utils/auth.server';
import { readFlash } from './utils/flash.server';
import { getLanguage } from './utils/i18n.server';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const lng = await getLanguage(request, user?.locale);
  const flash = await readFlash(request);
  return data(
    {
      lng,
      flash: flash.message,
      // a fresh one-time key for the forms of each page; loaders run again after every post,
      // so the next submission of a form never reuses the last one's key
      onceKey: user ? crypto.randomUUID().replace(/-/g, '') : undefined,
      user: user && {
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        orgName: user.orgName,
      },
    },
    { headers: flash.headers },
  );
}

export const meta: MetaFunction = () => [{ title: '乡链 Xianglian' }];

export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>('root');
  const lng: Language = rootData?.lng ?? DEFAULT_LANGUAGE;
  const i18n = useMemo(() => createI18n(lng), [lng]);
  return (
    <html lang={localeTag(lng)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

function LanguageSwitch({ lng }: { lng: Language }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/set-language" className="inline-form">
      <input type="hidden" name="lng" value={lng === 'zh' ? 'en' : 'zh'} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" className="link-button" lang={lng === 'zh' ? 'en' : 'zh'}>
        {t('nav.switchTo')}
      </button>
    </Form>
  );
}

export default function App() {
  const { user, lng, flash } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
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
          {NAV[user.role].map((item) => (
            <NavLink key={item.to} to={item.to}>
              {t(item.labelKey)}
            </NavLink>
          ))}
          <NavLink to="/account/password">{t('nav.changePassword')}</NavLink>
          <Form method="post" action="/logout" className="inline-form">
            <button type="submit" className="link-button">
              {t('nav.logout')}
            </button>
          </Form>
        </nav>
      ) : null}
      {flash ? (
        <p className="flash" role="status">
          {translateMessage(t, flash)}
        </p>
      ) : null}
      <main>
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  return (
    <main>
      <GeneralErrorBoundary />
    </main>
  );
}
