import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getLotByCode, lotQrSvg, lotTraceUrl } from '#models/lots';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { BackLink } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatFen, formatNumber, formatQuantity, formatWeight, type Unit } from '~/utils/format';
import { householdBreakdown, lotDetails, publicOrigin } from '~/utils/lots.server';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'lot');
  const lot = await getLotByCode(scope, String(params.code ?? ''));
  if (!lot) notFound();
  const traceUrl = lotTraceUrl(publicOrigin(), lot.code);
  const { households, ...shown } = lot;
  const [details, qrSvg, breakdown] = await Promise.all([
    lotDetails(user, lot),
    lotQrSvg(traceUrl),
    householdBreakdown(user, lot.orgId, households),
  ]);
  // 交售此批次: a lot its holder still has, for a role that delivers
  const deliverable =
    lot.status === 'in_stock' &&
    String(lot.holderOrgId) === String(user.orgId) &&
    can(user, 'write', 'delivery');
  return { lot: shown, traceUrl, qrSvg, details, breakdown, deliverable, shownIn: user.weightUnit };
}

export const handle: PageHandle = {
  scripts: false,
  title: (_t, lng, d) => d && `${d.lot.code} · ${d.details.product[lng]}`,
};

export default function LotPage() {
  const { lot, traceUrl, qrSvg, details, breakdown, deliverable, shownIn } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const o = lot.origin;
  const sale = details.sale;
  return (
    <>
      <BackLink to="/lots">{t('lot.title')}</BackLink>
      <h1>
        {details.product[lng]} <small className="muted">{lot.code}</small>
      </h1>
      {deliverable || details.correctHarvestId ? (
        <p className="actions">
          {deliverable ? (
            <Link to={`/deliveries/new?lot=${encodeURIComponent(lot.code)}`} className="button">
              {t('delivery.fromLot')}
            </Link>
          ) : null}
          {details.correctHarvestId ? (
            <Link to={`/harvests/${details.correctHarvestId}`} className="button secondary">
              {t('harvest.correct')}
            </Link>
          ) : null}
        </p>
      ) : null}
      <div className="grid">
        <dl className="props card">
          <dt>{t('lot.quantity')}</dt>
          <dd>
            {details.entered && details.entered.unit !== 'kg' && details.entered.unit !== shownIn
              ? t('lot.enteredAs', {
                  entered: `${formatQuantity(lng, details.entered.quantity, details.entered.unit as Unit)}`,
                  kg: formatNumber(lng, lot.quantity),
                })
              : formatWeight(lng, lot.quantity, lot.unit as Unit, shownIn)}
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
          {details.village ? (
            <>
              <dt>{t('lot.village')}</dt>
              <dd>{details.village}</dd>
            </>
          ) : null}
          {o.cooperativeId ? (
            <>
              <dt>{t('lot.cooperative')}</dt>
              <dd>{details.orgs[o.cooperativeId] ?? '—'}</dd>
            </>
          ) : null}
          {o.baseId ? (
            <>
              <dt>{t('lot.base')}</dt>
              <dd>{details.orgs[o.baseId] ?? '—'}</dd>
            </>
          ) : null}
          {o.plantingId && details.canSeePlanting ? (
            <>
              <dt>{t('lot.planting')}</dt>
              <dd>
                <Link to={`/plantings/${o.plantingId}`}>{details.plantingRef ?? o.plantingId}</Link>
              </dd>
            </>
          ) : null}
          {sale ? (
            <>
              {sale.buyer ? (
                <>
                  <dt>{t('herd.buyer')}</dt>
                  <dd>{sale.buyer}</dd>
                </>
              ) : null}
              {sale.weightKg !== null ? (
                <>
                  <dt>{t('herd.weightKg')}</dt>
                  <dd>{formatNumber(lng, sale.weightKg)}</dd>
                </>
              ) : null}
              {sale.priceFen !== null ? (
                <>
                  <dt>{t('herd.priceYuan')}</dt>
                  <dd>{formatFen(lng, sale.priceFen)}</dd>
                </>
              ) : null}
            </>
          ) : null}
          {o.herdEventId && details.canSeeHerdEvent ? (
            <>
              <dt>{t('herd.event')}</dt>
              <dd>
                <Link to={`/herd/events/${o.herdEventId}`}>{t('action.view')}</Link>
              </dd>
            </>
          ) : null}
          <dt>{t('lot.holder')}</dt>
          <dd>{details.orgs[lot.holderOrgId] ?? '—'}</dd>
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
      {breakdown.count > 0 ? (
        <section className="card">
          <h2>{t('lot.households', { count: breakdown.count })}</h2>
          <p>{t('lot.householdKg', { qty: formatWeight(lng, breakdown.kg, 'kg', shownIn) })}</p>
          {breakdown.rows ? (
            <ul className="plain">
              {breakdown.rows.map((r) => (
                <li key={r.entryId}>
                  {r.village} {r.number} {r.head} · {formatWeight(lng, r.kg, 'kg', shownIn)}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
