import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { NAV } from '~/components/nav';
import { requireUser } from '~/utils/auth.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { displayName: user.displayName, role: user.role, orgName: user.orgName };
}

export default function Home() {
  const { displayName, role, orgName } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('home.welcome', { name: displayName })}</h1>
      <p className="muted">{t('home.roleIn', { role: t(`role.${role}`), org: orgName })}</p>
      <h2>{t('home.quickLinks')}</h2>
      <ul className="quick-links">
        {NAV[role].map((item) => (
          <li key={item.to}>
            <Link to={item.to}>{t(item.labelKey)}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
