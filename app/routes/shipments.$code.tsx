// One shipment: the compliance summary first (the consignee reads it before signing), the chart
// of its readings against the band with excursions and gaps marked, the same figures as a table,
// then the load, the handovers and the parties. The carrier records the handovers, readings and
// logger files here; the consignee receives or refuses the load.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import {
  arriveShipmentCommand,
  departShipmentCommand,
  getShipment,
  receiveShipmentCommand,
  recordFormReadingCommand,
} from '#models/coldchain';
import {
  HandoverForm,
  ReadingForm,
  ReceiveForm,
  UploadForm,
  type UploadAnswer,
} from '~/components/coldchain/forms';
import { ColdReadings } from '~/components/coldchain/readings';
import { visibleLotIds } from '#models/lots';
import { bandText, ComplianceSummary } from '~/components/coldchain/summary';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { BackLink } from '~/components/ui/record-page';
import { shanghaiLocalInput } from '~/domain/time';
import { useTranslation } from '~/i18n/react';
import { FormReadingSchema, HandoverSchema, ReceiveSchema } from '~/schemas/coldchain';
import { requireUser } from '~/utils/auth.server';
import { callerOf, execute, formRefusal } from '~/utils/commands.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDateTime, formatNumber, formatQuantity } from '~/utils/format';
import { intentOf, invalid, parseSubmission, readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { isUpload, subjectCode, uploadAnswer } from '~/utils/coldchain.server';
import { can, notFound, requirePermission } from '~/utils/permissions.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'shipment');
  const found = await getShipment(scope, subjectCode(params));
  if (!found) notFound();
  const { shipment: s } = found;
  const carrier = String(s.carrierOrgId) === String(user.orgId) && can(user, 'write', 'shipment');
  const consignee = String(s.consigneeOrgId) === String(user.orgId) && can(user, 'confirm', 'shipment');
  const closed = s.status === 'delivered' || s.status === 'rejected';
  // a lot is linked only where the reader may open it
  const openable = can(user, 'read', 'lot')
    ? await visibleLotIds(
        requirePermission(user, 'read', 'lot'),
        s.lines.map((l) => l.lotId),
      )
    : new Set<string>();
  return {
    ...found,
    openableLots: [...openable],
    now: shanghaiLocalInput(new Date()),
    can: {
      depart: carrier && s.status === 'planned',
      arrive: carrier && s.status === 'in_transit',
      record: carrier && can(user, 'write', 'reading'),
      // after delivery a logger may still be read out: what it logged before the arrival is taken
      upload: carrier && can(user, 'write', 'reading') && (!closed || !!s.arrivedAt),
      receive: consignee && s.status === 'arrived',
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const code = subjectCode(params);
  const here = `/shipments/${code}`;
  if (isUpload(request)) return uploadAnswer(request, user, 'shipment', code);
  const form = await readForm(request);
  const intent = intentOf(form, ['depart', 'arrive', 'reading', 'receive'] as const);
  if (!intent) notFound();
  const caller = callerOf(user, form);
  const found = await getShipment(requirePermission(user, 'read', 'shipment'), code);
  if (!found) notFound();
  const id = found.shipment.id;
  if (intent === 'reading') {
    const submission = parseSubmission(form, FormReadingSchema);
    if (submission.status !== 'success') return invalid(submission);
    const outcome = await execute(recordFormReadingCommand, caller, {
      kind: 'shipment',
      code,
      ...submission.value,
    });
    return outcome.ok ? redirectWithFlash(here, 'reading.saved') : formRefusal(submission, outcome);
  }
  if (intent === 'receive') {
    const submission = parseSubmission(form, ReceiveSchema);
    if (submission.status !== 'success') return invalid(submission);
    const outcome = await execute(receiveShipmentCommand, caller, { id, ...submission.value });
    const flash = submission.value.decision === 'accept' ? 'shipment.received' : 'shipment.rejected';
    return outcome.ok ? redirectWithFlash(here, flash) : formRefusal(submission, outcome);
  }
  const submission = parseSubmission(form, HandoverSchema);
  if (submission.status !== 'success') return invalid(submission);
  const command = intent === 'depart' ? departShipmentCommand : arriveShipmentCommand;
  const outcome = await execute(command, caller, { id, ...submission.value });
  return outcome.ok ? redirectWithFlash(here, `shipment.${intent}ed`) : formRefusal(submission, outcome);
}

export const handle: PageHandle = { words: ['coldchain'], title: 'shipment.page' };

export default function ShipmentPage() {
  const {
    shipment: s,
    judgment,
    chart,
    table,
    readingsTotal,
    alerts,
    uploads,
    can: may,
    now,
    openableLots,
  } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as { result?: never; upload?: UploadAnswer } | undefined;
  const result = answer && 'result' in answer ? (answer.result as never) : undefined;
  const { t, lng } = useTranslation();
  const c = (v: number | null) => (v === null ? '—' : `${formatNumber(lng, v, 2)} °C`);
  return (
    <>
      <BackLink to="/shipments">{t('shipment.title')}</BackLink>
      <h1>
        {s.code} <span className="badge">{t(`shipment.statuses.${s.status}`)}</span>
      </h1>
      <p className="lead">
        {s.productName} · {bandText(s.profile)} · {s.vehiclePlate}
        {s.driverName ? ` · ${s.driverName}` : ''}
      </p>
      <ComplianceSummary j={judgment} profile={s.profile} />
      {may.receive ? <ReceiveForm lastResult={result} compliant={judgment.compliant} /> : null}
      {s.rejectionReason ? (
        <p className="card warn">{t('shipment.rejectedBecause', { reason: s.rejectionReason })}</p>
      ) : null}
      <ColdReadings judgment={judgment} chart={chart} table={table} total={readingsTotal} band={s.profile} />
      {may.depart ? <HandoverForm intent="depart" lastResult={result} now={now} /> : null}
      {may.arrive ? <HandoverForm intent="arrive" lastResult={result} now={now} /> : null}
      {may.record && s.status !== 'delivered' && s.status !== 'rejected' ? (
        <ReadingForm lastResult={result} now={now} />
      ) : null}
      {may.upload ? <UploadForm answer={answer?.upload} /> : null}
      <section className="card" aria-labelledby="load-title">
        <h2 id="load-title">{t('shipment.load')}</h2>
        <ul className="plain">
          {s.lines.map((l) => (
            <li key={String(l.lotId)}>
              {openableLots.includes(String(l.lotId)) ? (
                <Link to={`/lots/${l.lotCode}`}>{l.lotCode}</Link>
              ) : (
                l.lotCode
              )}{' '}
              · {l.productName} · {formatQuantity(lng, l.quantity, l.unit as never)}
              {l.underDelivery ? ` · ${t('shipment.underDelivery')}` : ''}
            </li>
          ))}
        </ul>
        <dl className="props">
          <dt>{t('shipment.carrier')}</dt>
          <dd>{s.carrier}</dd>
          <dt>{t('shipment.sender')}</dt>
          <dd>{s.sender}</dd>
          <dt>{t('shipment.consignee')}</dt>
          <dd>{s.consignee}</dd>
          <dt>{t('shipment.origin')}</dt>
          <dd>{s.origin?.name || '—'}</dd>
          <dt>{t('shipment.destination')}</dt>
          <dd>{s.destination?.name || '—'}</dd>
          <dt>{t('shipment.plannedDeparture')}</dt>
          <dd>{formatDateTime(lng, s.plannedDepartureAt)}</dd>
          <dt>{t('shipment.plannedArrival')}</dt>
          <dd>{formatDateTime(lng, s.plannedArrivalAt)}</dd>
          {(['loading', 'unloading'] as const).map((end) => {
            const h = s[end];
            return [
              <dt key={`${end}-t`}>{t(`shipment.${end}`)}</dt>,
              <dd key={`${end}-d`}>
                {h
                  ? `${formatDateTime(lng, h.at)} · ${h.handedBy} → ${h.receivedBy}${h.tempC === null ? '' : ` · ${c(h.tempC)}`}`
                  : '—'}
              </dd>,
            ];
          })}
          {s.receivedAt ? (
            <>
              <dt>{t('shipment.receivedAt')}</dt>
              <dd>
                {formatDateTime(lng, s.receivedAt)} · {s.receivedByName}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      {alerts.length ? (
        <section className="card" aria-labelledby="alerts-title">
          <h2 id="alerts-title">{t('nav.alerts')}</h2>
          <ul className="plain">
            {alerts.map((a) => (
              <li key={a.id}>
                {formatDateTime(lng, a.at)} · {t(`alert.kinds.${a.kind}`)}
                {a.direction ? ` · ${t(`cold.direction.${a.direction}`)}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {uploads.length ? (
        <section className="card" aria-labelledby="uploads-title">
          <h2 id="uploads-title">{t('reading.uploads')}</h2>
          <ul className="plain">
            {uploads.map((u) => (
              <li key={u.id}>
                {formatDateTime(lng, u.createdAt)} · {u.fileName} ·{' '}
                {t('reading.report', {
                  rows: u.received + u.refused,
                  stored: u.stored,
                  duplicate: u.duplicate,
                  refused: u.refused,
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
