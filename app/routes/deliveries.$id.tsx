// One delivery: its lots, how its price follows from the contract, and what each side may do
// now — the buyer confirms, disputes or adjusts a pending one and pays a receipt; the seller
// accepts or disputes an adjustment. A confirmed delivery shows its receipt and payments; the
// buyer may propose a correction (a reversing entry), which the seller accepts or refuses.

import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';

import { GeneralErrorBoundary } from '~/components/error-boundary';
import { PriceBreakdown } from '~/components/delivery-price';
import { AsWeighedStep, PlantTicketCard } from '~/components/plant-ticket';
import { ColdChainCard } from '~/components/coldchain/delivery-card';
import { Difference, PaymentForm } from '~/components/delivery-forms';
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { resultFor, useZodForm } from '~/components/ui/use-zod-form';

import { GRADES } from '~/domain/planting';
import { useTranslation } from '~/i18n/react';
import { AdjustSchema, CorrectionSchema, DisputeSchema } from '~/schemas/delivery';

import {
  colon,
  paren,
  formatDate,
  formatDateTime,
  formatMoney,
  formatWeight,
  unitName,
} from '~/utils/format';
import { useWeightUnit } from '~/utils/use-weight-unit';

import type { PageHandle } from '~/utils/page-handle';

export { action, loader } from './__delivery.server';
import type { action, loader } from './__delivery.server';

export const handle: PageHandle = {
  words: ['plant'],
  title: (t, lng, d) => d && `${d.d.code} · ${d.product[lng]}`,
};

export default function DeliveryPage() {
  const data = useLoaderData<typeof loader>();
  const { d, can: allowed } = data;
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const shownIn = useWeightUnit();
  // what a confirmation (or the seller's acceptance of an adjustment) settles
  const pending = (allowed.answer ? d.adjustment : null) ?? d.submitted;
  const result = actionData?.result;
  const adjustPreview = actionData && 'adjustPreview' in actionData ? actionData.adjustPreview : null;
  const [adjustForm, adjustFields] = useZodForm<typeof AdjustSchema>(
    'adjust',
    resultFor(result, 'adjust', 'previewAdjust'),
    {
      quantity: String(d.submitted.quantity),
      grade: d.submitted.grade,
      moisturePct: String(d.submitted.moisturePct),
      impurityPct: String(d.submitted.impurityPct),
    },
  );
  const [disputeForm, disputeFields] = useZodForm<typeof DisputeSchema>(
    'dispute',
    resultFor(result, 'dispute'),
  );
  const [correctForm, correctFields] = useZodForm<typeof CorrectionSchema>(
    'correct',
    resultFor(result, 'correct'),
  );
  const [refuseForm, refuseFields] = useZodForm<typeof DisputeSchema>(
    'refuse',
    resultFor(result, 'refuseCorrection'),
  );
  return (
    <div className="narrow">
      <BackLink to="/deliveries">{t('delivery.title')}</BackLink>
      <h1>
        {d.code} <span className="badge">{t(`delivery.statuses.${d.status}`)}</span>
      </h1>
      <dl className="props card">
        <dt>{t('contract.product')}</dt>
        <dd>{data.product[lng]}</dd>
        <dt>{t('contract.sellerShort')}</dt>
        <dd>{data.seller}</dd>
        <dt>{t('contract.buyerShort')}</dt>
        <dd>{data.buyer}</dd>
        <dt>{t('delivery.contract')}</dt>
        <dd>
          {data.contract ? (
            <Link to={`/contracts/${data.contract.id}`}>{data.contract.code}</Link>
          ) : (
            t('delivery.spot')
          )}
        </dd>
        <dt>{t('delivery.deliveredOn')}</dt>
        <dd>{formatDate(lng, d.deliveredOn)}</dd>
        {d.liveWeightKg ? (
          <>
            {/* live animals: the weight at the sale, which the head count alone does not say */}
            <dt>{t('delivery.liveWeight')}</dt>
            <dd data-live-weight>
              {formatWeight(lng, d.liveWeightKg, 'kg', 'kg')}
              {paren(
                lng,
                t('delivery.perHead', {
                  kg: formatWeight(
                    lng,
                    Math.round((d.liveWeightKg / d.submitted.quantity) * 10) / 10,
                    'kg',
                    'kg',
                  ),
                }),
              )}
            </dd>
          </>
        ) : null}
        <dt>{t('delivery.weighTicket')}</dt>
        <dd>
          {/* a herd sale has no weigh ticket: its lot's code stands in as the unique key */}
          {d.unit === 'head' && d.lines.some((l) => l.lotCode === d.weighTicket)
            ? t('delivery.noTicketHerd')
            : d.weighTicket}
          {d.photoId ? (
            <>
              {' '}
              <a href={`/deliveries/${d.id}/photo`} target="_blank" rel="noreferrer">
                {t('delivery.photoView')}
              </a>
            </>
          ) : null}
        </dd>
        <dt>{t('delivery.lots')}</dt>
        <dd>
          <ul className="plain">
            {d.lines.map((l) => (
              <li key={l.lotId}>
                {data.openableLots.includes(String(l.lotId)) ? (
                  <Link to={`/lots/${encodeURIComponent(l.lotCode)}`}>{l.lotCode}</Link>
                ) : (
                  l.lotCode
                )}{' '}
                {formatWeight(lng, l.quantity, d.unit, shownIn)}
                {l.fromLotId !== l.lotId ? (
                  <span className="muted"> {t('delivery.splitFrom', { code: l.fromLotCode })}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </dd>
        {d.status === 'disputed' ? (
          <>
            <dt>{t('delivery.disputeReason')}</dt>
            <dd>
              {t(`delivery.disputedBy.${d.disputedBy ?? 'buyer'}`)}
              {colon(lng)}
              {d.disputeReason}
            </dd>
          </>
        ) : null}
      </dl>
      <section className="card">
        <h2>{t('delivery.submittedFigures')}</h2>
        <PriceBreakdown figures={d.submitted} unit={d.unit} steps={data.steps.submitted} />
      </section>
      {data.ticket ? (
        <PlantTicketCard ticket={data.ticket} sellerKg={d.submitted.quantity} />
      ) : d.plantOrgId ? (
        <p className="muted">{t('intake.notYetWeighed')}</p>
      ) : null}
      <ColdChainCard shipments={data.coldChain} />
      <AsWeighedStep preview={data.asWeighed} refused={data.asWeighedRefused} />
      {d.adjustment ? (
        <section className="card">
          <h2>{t('delivery.adjustment')}</h2>
          <p>
            {t('delivery.adjustReason')}
            {colon(lng)}
            {d.adjustment.reason}
          </p>
          <PriceBreakdown figures={d.adjustment} unit={d.unit} steps={data.steps.adjustment} />
          <Difference from={d.submitted} to={d.adjustment} unit={d.unit} />
        </section>
      ) : null}
      {d.receipt ? (
        <section className="card">
          <h2>
            {t('delivery.receipt')} {d.receipt.number}
          </h2>
          <dl className="props">
            <dt>{t('delivery.confirmedAt')}</dt>
            <dd>{formatDateTime(lng, d.receipt.at)}</dd>
            <dt>{t('delivery.amount')}</dt>
            <dd>{formatMoney(lng, d.receipt.amountFen)}</dd>
            <dt>{t('delivery.depositCredit')}</dt>
            <dd>{formatMoney(lng, d.receipt.depositCreditFen)}</dd>
            <dt>{t('delivery.due')}</dt>
            <dd>{formatMoney(lng, d.receipt.dueFen)}</dd>
            {d.reversedFen ? (
              <>
                <dt>{t('reversal.reversed')}</dt>
                <dd>−{formatMoney(lng, d.reversedFen)}</dd>
              </>
            ) : null}
            <dt>{t('delivery.paid')}</dt>
            <dd>
              {formatMoney(lng, d.paidFen)}{' '}
              <span className="badge">{t(`delivery.pay.${data.payState}`)}</span>
            </dd>
            {data.owedFen > 0 ? (
              <>
                <dt>{t('delivery.owedNow')}</dt>
                <dd>
                  {formatMoney(lng, data.owedFen)}
                  {paren(lng, t('delivery.ageDays', { count: data.ageDays ?? 0 }))}
                </dd>
              </>
            ) : null}
          </dl>
          <h3>{t('delivery.entries')}</h3>
          <ul className="plain entries">
            {data.entries.map((e) => (
              <li key={e.id}>
                {t(`delivery.entryKinds.${e.kind}`)} {e.number} · {formatMoney(lng, e.amountFen)}
                {e.paidOn ? ` · ${formatDate(lng, e.paidOn)} · ${t(`payment.methods.${e.method}`)}` : ''}
                {e.reference ? ` · ${e.reference}` : ''}{' '}
                <code className="muted" title={e.hash}>
                  #{e.seq} {e.hash.slice(0, 12)}
                </code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {allowed.confirm || allowed.answer ? (
        // irreversible: the first tap opens what it will do (also without JavaScript), the
        // second, on a button naming the amount, does it
        <details className="card confirm-step">
          <summary>{t(allowed.confirm ? 'delivery.confirmOpen' : 'delivery.acceptOpen')}</summary>
          <Form method="post">
            <FormGuard form="confirm" />
            <p>
              {t('delivery.confirmWhat', {
                quantity: formatWeight(lng, pending.payableQty, d.unit, shownIn),
                amount: formatMoney(lng, pending.amountFen),
              })}
            </p>
            <p className="muted">{t(allowed.confirm ? 'delivery.confirmHint' : 'delivery.acceptHint')}</p>
            <SubmitButton name="intent" value={allowed.confirm ? 'confirm' : 'accept'}>
              {t(allowed.confirm ? 'delivery.confirmAmount' : 'delivery.acceptAmount', {
                amount: formatMoney(lng, pending.amountFen),
              })}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
      {allowed.adjust ? (
        <details className="card">
          <summary>{t('delivery.adjust')}</summary>
          <Form method="post" {...getFormProps(adjustForm)}>
            <FormGuard form="adjust" />
            <FormErrors id={adjustForm.errorId} errors={adjustForm.errors} />
            <TextField
              meta={adjustFields.quantity}
              label={`${t('delivery.netWeight')}${paren(lng, unitName(lng, d.unit, 2))}`}
              inputMode="decimal"
            />
            <SelectField
              meta={adjustFields.grade}
              label={t('harvest.grade')}
              options={GRADES.map((g) => ({ value: g, label: t(`harvest.grades.${g}`) }))}
            />
            <TextField
              meta={adjustFields.moisturePct}
              label={t('delivery.moisturePct')}
              inputMode="decimal"
            />
            <TextField
              meta={adjustFields.impurityPct}
              label={t('delivery.impurityPct')}
              inputMode="decimal"
            />
            <TextAreaField meta={adjustFields.reason} label={t('delivery.adjustReason')} />
            {adjustPreview ? (
              // what the change comes to, before it is sent
              <section className="preview" aria-live="polite" data-adjust-preview>
                <h3>{t('delivery.preview')}</h3>
                <PriceBreakdown figures={adjustPreview.figures} unit={d.unit} steps={adjustPreview.steps} />
                <Difference from={d.submitted} to={adjustPreview.figures} unit={d.unit} />
              </section>
            ) : null}
            <div className="actions">
              <SubmitButton name="intent" value="previewAdjust" className="secondary">
                {t('delivery.calculate')}
              </SubmitButton>
              <SubmitButton name="intent" value="adjust" className="secondary">
                {t('delivery.adjust')}
              </SubmitButton>
            </div>
          </Form>
        </details>
      ) : null}
      {allowed.disputeAsBuyer || allowed.answer ? (
        <details className="card">
          <summary>{t(allowed.answer ? 'delivery.disputeAdjustment' : 'delivery.dispute')}</summary>
          <Form method="post" {...getFormProps(disputeForm)}>
            <FormGuard form="dispute" />
            <FormErrors id={disputeForm.errorId} errors={disputeForm.errors} />
            <TextAreaField meta={disputeFields.reason} label={t('delivery.disputeReason')} />
            <SubmitButton name="intent" value="dispute" className="secondary">
              {t(allowed.answer ? 'delivery.disputeAdjustment' : 'delivery.dispute')}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
      {d.correction ? (
        <section className="card">
          <h2>{t('reversal.title')}</h2>
          <p>
            {t('reversal.line', {
              amount: formatMoney(lng, d.correction.amountFen),
              reason: d.correction.reason,
            })}{' '}
            <span className="badge">{t(`reversal.statuses.${d.correction.status}`)}</span>
          </p>
          {d.correction.answer ? (
            <p className="muted">
              {t('reversal.answer')}
              {colon(lng)}
              {d.correction.answer}
            </p>
          ) : null}
          {allowed.answerCorrection ? (
            <>
              <Form method="post">
                <FormGuard form="acceptcorrection" />
                <SubmitButton name="intent" value="acceptCorrection">
                  {t('reversal.accept')}
                </SubmitButton>
              </Form>
              <details>
                <summary>{t('reversal.refuse')}</summary>
                <Form method="post" {...getFormProps(refuseForm)}>
                  <FormGuard form="refusecorrection" />
                  <FormErrors id={refuseForm.errorId} errors={refuseForm.errors} />
                  <TextAreaField meta={refuseFields.reason} label={t('reversal.answer')} />
                  <SubmitButton name="intent" value="refuseCorrection" className="secondary">
                    {t('reversal.refuse')}
                  </SubmitButton>
                </Form>
              </details>
            </>
          ) : null}
        </section>
      ) : null}
      {allowed.correct ? (
        <details className="card">
          <summary>{t('reversal.propose')}</summary>
          <p className="muted">{t('reversal.hint')}</p>
          <Form method="post" {...getFormProps(correctForm)}>
            <FormGuard form="correct" />
            <FormErrors id={correctForm.errorId} errors={correctForm.errors} />
            <TextField meta={correctFields.amountYuan} label={t('reversal.amountYuan')} inputMode="decimal" />
            <TextAreaField meta={correctFields.reason} label={t('reversal.reason')} />
            <SubmitButton name="intent" value="correct" className="secondary">
              {t('reversal.propose')}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
      {allowed.pay ? (
        // keyed by what is owed: once a confirmation (or a payment) changes it, the amount
        // starts from what is owed now, not from what the page first showed
        <PaymentForm
          key={data.owedFen}
          owedFen={data.owedFen}
          today={data.today}
          result={resultFor(result, 'pay')}
        />
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
