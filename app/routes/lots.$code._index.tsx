import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { getLotByCode, lotQrSvg, lotTraceUrl } from '#models/lot';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { BackLink } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatNumber } from '~/utils/format';
import { lotNames, plantingRefOf, publicOrigin } from '~/utils/lots.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { useLanguage } from '~/utils/use-language';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'lot');
  const lot = await getLotByCode(scope, String(params.code ?? ''));
  if (!lot) notFound();
  const traceUrl = lotTraceUrl(publicOrigin(), lot.code);
  const [names, qrSvg, plantingRef] = await Promise.all([
    lotNames(user),
    lotQrSvg(traceUrl),
    plantingRefOf(lot.origin.plantingId),
  ]);
  return { lot, traceUrl, qrSvg, plantingRef, orgs: names.orgs, villages: names.villages };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.lot.code} · 乡链` : '乡链' },
];

export default function LotPage() {
  const { lot, traceUrl, qrSvg, plantingRef, orgs, villages } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const o = lot.origin;
  return (
    <>
      <BackLink to="/lots">{t('lot.title')}</BackLink>
      <h1>{lot.code}</h1>
      <div className="grid">
        <dl className="props card">
          <dt>{t('lot.product')}</dt>
          <dd>{lot.productName}</dd>
          <dt>{t('lot.quantity')}</dt>
          <dd>
            {formatNumber(lng, lot.quantity)} {t(`unit.${lot.unit}`)}
          </dd>
          {lot.grade ? (
            <>
              <dt>{t('lot.grade')}</dt>
              <dd>{t(`harvest.grades.${lot.grade}`, lot.grade)}</dd>
            </>
          ) : null}
          <dt>{t('lot.producedAt')}</dt>
          <dd>{formatDate(lng, lot.producedAt)}</dd>
          <dt>{t('lot.origin')}</dt>
          <dd>{t(`lot.origins.${o.kind}`)}</dd>
          {o.villageId ? (
            <>
              <dt>{t('lot.village')}</dt>
              <dd>{villages[o.villageId] ?? '—'}</dd>
            </>
          ) : null}
          {o.cooperativeId ? (
            <>
              <dt>{t('lot.cooperative')}</dt>
              <dd>{orgs[o.cooperativeId] ?? '—'}</dd>
            </>
          ) : null}
          {o.baseId ? (
            <>
              <dt>{t('lot.base')}</dt>
              <dd>{orgs[o.baseId] ?? '—'}</dd>
            </>
          ) : null}
          {o.plantingId ? (
            <>
              <dt>{t('lot.planting')}</dt>
              <dd>
                <Link to={`/plantings/${o.plantingId}`}>{plantingRef ?? o.plantingId}</Link>
              </dd>
            </>
          ) : null}
          {o.herdEventId ? (
            <>
              <dt>{t('herd.event')}</dt>
              <dd>
                <Link to={`/herd/events/${o.herdEventId}`}>{t('action.view')}</Link>
              </dd>
            </>
          ) : null}
          <dt>{t('lot.holder')}</dt>
          <dd>{orgs[lot.holderOrgId] ?? '—'}</dd>
          <dt>{t('lot.status')}</dt>
          <dd>{t(`lot.statuses.${lot.status}`)}</dd>
        </dl>
        <figure className="card qr">
          <div role="img" aria-label={t('lot.qr')} dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <figcaption>
            {t('lot.qrHint')}
            <br />
            <small>
              {t('lot.traceUrl')}: <a href={traceUrl}>{traceUrl}</a>
            </small>
            <br />
            <a href={`/lots/${lot.code}/qr.png`} download={`${lot.code}.png`}>
              {t('lot.downloadQr')}
            </a>
          </figcaption>
        </figure>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
