// One weigh ticket: the weighing and its deductions, the lots taken in and the intake lot made
// of them, the delivery it arrived under (or the toll customer and its fee), the photo.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getTicket } from '#models/plant';
import { visibleLotIds } from '#models/lots';
import { toObjectId } from '#models/kernel';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TicketFigures } from '~/components/plant-ticket';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { colon, formatDateTime, formatMoney, formatNumber, formatWeight } from '~/utils/format';
import type { PageHandle } from '~/utils/page-handle';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'intake');
  const found = await getTicket(scope, idParam(params));
  if (!found) notFound();
  const { ticket, names } = found;
  const ids = [ticket.intakeLotId, ...ticket.lines.map((l) => l.lotId)]
    .map((id) => toObjectId(String(id)))
    .filter((x): x is NonNullable<typeof x> => !!x);
  const openable = can(user, 'read', 'lot')
    ? await visibleLotIds(requirePermission(user, 'read', 'lot'), ids)
    : new Set<string>();
  const canDelivery = can(user, 'read', 'delivery') && String(user.orgId) !== ticket.plantOrgId;
  return {
    ticket,
    plant: names[ticket.plantOrgId] ?? '—',
    supplier: names[ticket.supplierOrgId] ?? '—',
    owner: names[ticket.ownerOrgId] ?? '—',
    openable: [...openable],
    deliveryLink: canDelivery && ticket.deliveryId ? `/deliveries/${ticket.deliveryId}` : null,
  };
}

export const handle: PageHandle = {
  words: ['plant'],
  scripts: false,
  title: (_t, _lng, d) => d?.ticket.number,
};

export default function TicketPage() {
  const { ticket: tk, plant, supplier, owner, openable, deliveryLink } = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const kg = (v: number) => formatWeight(lng, v, 'kg', 'kg');
  const lotLink = (id: string, code: string) =>
    openable.includes(id) ? <Link to={`/lots/${code}`}>{code}</Link> : code;
  return (
    <div className="narrow">
      <BackLink to="/intake">{t('intake.title')}</BackLink>
      <h1>
        {t('intake.ticket')} {tk.number}
      </h1>
      <dl className="props">
        <dt>{t('intake.plant')}</dt>
        <dd>{plant}</dd>
        <dt>{t('intake.weighedAt')}</dt>
        <dd>{formatDateTime(lng, tk.weighedAt)}</dd>
        <dt>{t('intake.kind')}</dt>
        <dd>{t(`intake.kinds.${tk.kind}`)}</dd>
        <dt>{t('intake.supplier')}</dt>
        <dd>{supplier}</dd>
        <dt>{t('intake.owner')}</dt>
        <dd>{owner}</dd>
        {tk.deliveryCode ? (
          <>
            <dt>{t('intake.delivery')}</dt>
            <dd>{deliveryLink ? <Link to={deliveryLink}>{tk.deliveryCode}</Link> : tk.deliveryCode}</dd>
          </>
        ) : null}
        <dt>{t('intake.product')}</dt>
        <dd>
          {tk.productName} · {t(`harvest.grades.${tk.grade}`)}
        </dd>
        <dt>{t('intake.measured')}</dt>
        <dd>
          {t('intake.measures.moisture')} {formatNumber(lng, tk.moisturePct)}% ·{' '}
          {t('intake.measures.impurity')} {formatNumber(lng, tk.impurityPct)}%
        </dd>
        {tk.kind === 'toll' ? (
          <>
            <dt>{t('intake.fee')}</dt>
            <dd data-fee>
              {tk.feeFen
                ? t('intake.feeOwed', {
                    fee: formatMoney(lng, tk.feeFen),
                    rate: formatMoney(lng, tk.feeFenPerKg),
                    owner,
                  })
                : t('intake.noFee')}
            </dd>
          </>
        ) : null}
      </dl>
      <section className="card">
        <h2>{t('intake.figures')}</h2>
        <TicketFigures ticket={tk} />
      </section>
      <section className="card">
        <h2>{t('intake.lines')}</h2>
        <ul className="plain">
          {tk.lines.map((l) => (
            <li key={l.lotId}>
              {lotLink(l.lotId, l.lotCode)} · {kg(l.recordedKg)}
              {l.fromLotId !== l.lotId ? ` · ${t('intake.splitFrom', { code: l.fromLotCode })}` : ''}
            </li>
          ))}
        </ul>
        <p>
          {t('intake.intakeLot')}
          {colon(lng)}
          {lotLink(tk.intakeLotId, tk.intakeLotCode)} · {kg(tk.netKg)}
        </p>
      </section>
      {tk.notes ? <p>{tk.notes}</p> : null}
      {tk.photoId ? (
        <p>
          <a href={`/intake/${tk.id}/photo`}>{t('intake.photoOpen')}</a>
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
