// The public trace page a lot's QR code opens: no sign-in, and only what a buyer in a shop may
// know (see getPublicLot).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { isRouteErrorResponse, useLoaderData, useParams, useRouteError } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getPublicLot } from '#models/lots';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { formatDate } from '~/utils/format';
import { notFound } from '~/utils/permissions.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ params }: LoaderFunctionArgs) {
  const code = String(params.code ?? '');
  const lot = /^[A-Z0-9-]{3,40}$/.test(code) ? await getPublicLot(code) : null;
  if (!lot) notFound();
  return { lot };
}

export const handle: PageHandle = {
  scripts: false,
  title: (t, lng, d) =>
    d ? `${d.lot.product[lng]} · ${d.lot.code} · ${t('lot.publicTitle')}` : t('lot.publicTitle'),
};

export default function PublicTracePage() {
  const { lot } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <div className="narrow">
      <h1>
        {lot.product[lng]} <small className="muted">{lot.code}</small>
      </h1>
      <dl className="props card">
        <dt>{t('lot.origin')}</dt>
        <dd>{t(`lot.origins.${lot.originKind}`)}</dd>
        <dt>{t('lot.producedAt')}</dt>
        <dd>{formatDate(lng, lot.producedAt)}</dd>
        {lot.village ? (
          <>
            <dt>{t('lot.village')}</dt>
            <dd>
              {lot.town} {lot.village}
            </dd>
          </>
        ) : null}
        <dt>{t('lot.producer')}</dt>
        <dd>{lot.producer}</dd>
        {lot.grade ? (
          <>
            <dt>{t('lot.grade')}</dt>
            <dd>{t(`harvest.grades.${lot.grade}`, lot.grade)}</dd>
          </>
        ) : null}
      </dl>
      <p className="muted">{t('lot.publicNote')}</p>
    </div>
  );
}

/**
 * A code that is not registered is not "an error": the shopper is told so, with how to check
 * the code, and is not sent to a sign-in page they have no use for.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const { code } = useParams();
  const { t } = useTranslation();
  if (!isRouteErrorResponse(error) || error.status !== 404) return <GeneralErrorBoundary />;
  return (
    <div className="narrow">
      <h1>{t('lot.unknownCodeTitle')}</h1>
      <p className="card">{t('lot.unknownCode', { code: String(code ?? '').slice(0, 60) })}</p>
      <p className="muted">{t('lot.unknownCodeHelp')}</p>
    </div>
  );
}
