import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';

/** One error boundary for every route, with a message per status (403, 404, …). */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = [400, 403, 404, 405, 409, 413, 415].includes(status);
  const code = isRouteErrorResponse(error) ? (error.data as { error?: string } | null)?.error : undefined;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <div className="error-page" role="alert">
      <h1>{t('error.title')}</h1>
      <p>
        <strong>{status}</strong>{' '}
        {code === 'page_not_found'
          ? t('error.pageNotFound')
          : code === 'csrf'
            ? t('error.csrf')
            : known
              ? t(`error.${status}`)
              : t('error.500')}
      </p>
      <p>
        <Link to="/">{t('error.backHome')}</Link>
      </p>
    </div>
  );
}
