// A plant's weigh ticket as people read it: the weighing, each deduction with its rule, what is
// payable, and the shrinkage between what the supplier recorded and what the gate weighed.
import { Form, Link } from '@remix-run/react';
import { translateMessage } from '~/components/ui/form';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useTranslation } from '~/i18n/react';
import { colon, formatDateTime, formatMoney, formatNumber, formatWeight } from '~/utils/format';

export interface ShownTicket {
  grossKg?: number;
  tareKg?: number;
  netKg: number;
  deductions: Array<{
    kind?: string;
    rule?: { kind: string; measure: string };
    measure?: string;
    pct: number;
    kg: number;
  }>;
  deductedKg: number;
  payableKg: number;
  recordedKg?: number;
  shrinkageKg?: number;
}

export function TicketFigures({ ticket }: { ticket: ShownTicket }) {
  const { t, lng } = useTranslation();
  const kg = (v: number) => formatWeight(lng, v, 'kg', 'kg');
  return (
    <dl className="props" data-ticket-figures>
      {ticket.grossKg !== undefined ? (
        <>
          <dt>{t('intake.grossKg')}</dt>
          <dd>{kg(ticket.grossKg)}</dd>
          <dt>{t('intake.tareKg')}</dt>
          <dd>{kg(ticket.tareKg ?? 0)}</dd>
        </>
      ) : null}
      <dt>{t('intake.netKg')}</dt>
      <dd data-net>{kg(ticket.netKg)}</dd>
      {ticket.deductions.map((d, i) => {
        const measure = d.measure ?? d.rule?.measure ?? '';
        const kind = d.kind ?? d.rule?.kind ?? '';
        return (
          <span key={i} className="contents">
            <dt>
              {t('intake.deduction', {
                measure: t(`intake.measures.${measure}`),
                rule: t(`intake.ruleKinds.${kind}`),
              })}
            </dt>
            <dd>
              −{kg(d.kg)} ({formatNumber(lng, d.pct)}%)
            </dd>
          </span>
        );
      })}
      <dt>{t('intake.payable')}</dt>
      <dd data-payable>
        <strong>{kg(ticket.payableKg)}</strong>
      </dd>
      {ticket.recordedKg !== undefined ? (
        <>
          <dt>{t('intake.recordedKg')}</dt>
          <dd>{kg(ticket.recordedKg)}</dd>
          <dt>{t('intake.shrinkage')}</dt>
          <dd data-shrinkage>{kg(ticket.shrinkageKg ?? 0)}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The difference between the seller's net and the plant's, in % of the seller's; flagged above 1 %. */
export function weightDifference(sellerKg: number, plantKg: number) {
  const pct = sellerKg > 0 ? Math.round(((plantKg - sellerKg) / sellerKg) * 1000) / 10 : 0;
  return { pct, flagged: Math.abs(plantKg - sellerKg) > sellerKg * 0.01 };
}

/** The plant's ticket beside a delivery's figures: both sides read it; the buyer may confirm by it. */
export function PlantTicketCard({
  ticket,
  sellerKg,
}: {
  ticket: ShownTicket & { id: string; number: string; plantName: string; weighedAt: string | Date };
  sellerKg: number;
}) {
  const { t, lng } = useTranslation();
  const diff = weightDifference(sellerKg, ticket.netKg);
  return (
    <section className="card" data-plant-ticket>
      <h2>
        {t('intake.plantTicket')} <Link to={`/intake/${ticket.id}`}>{ticket.number}</Link>
      </h2>
      <p className="muted">
        {ticket.plantName}
        {colon(lng)}
        {formatDateTime(lng, ticket.weighedAt)}
      </p>
      <TicketFigures ticket={ticket} />
      <p className={diff.flagged ? 'flag' : 'muted'} data-weight-difference={diff.flagged ? 'flagged' : 'ok'}>
        {t(diff.flagged ? 'intake.diffFlag' : 'intake.diffOk', {
          pct: formatNumber(lng, diff.pct),
          seller: formatWeight(lng, sellerKg, 'kg', 'kg'),
        })}
      </p>
    </section>
  );
}

/**
 * The buyer's one tap to confirm a delivery as weighed at its plant: first it says what it will
 * do (the plant's net, the deduction, the amount; the seller then accepts), then it does it.
 */
export function AsWeighedStep({
  preview,
  refused,
}: {
  preview: {
    ticket: string;
    figures: { quantity: number; deductedQty: number; payableQty: number; amountFen: number };
  } | null;
  refused: string | null;
}) {
  const { t, lng } = useTranslation();
  const kg = (v: number) => formatWeight(lng, v, 'kg', 'kg');
  if (!preview)
    return refused ? (
      <p className="muted" data-as-weighed-refused>
        {t('intake.asWeighedUnavailable', { reason: translateMessage(t, refused) })}
      </p>
    ) : null;
  const f = preview.figures;
  return (
    <details className="card confirm-step" data-as-weighed>
      <summary>{t('intake.asWeighedOpen')}</summary>
      <Form method="post">
        <FormGuard form="asWeighed" />
        <p>
          {t('intake.asWeighedWhat', {
            ticket: preview.ticket,
            net: kg(f.quantity),
            deducted: kg(f.deductedQty),
            payable: kg(f.payableQty),
            amount: formatMoney(lng, f.amountFen),
          })}
        </p>
        <SubmitButton name="intent" value="asWeighed">
          {t('intake.asWeighedButton', { amount: formatMoney(lng, f.amountFen) })}
        </SubmitButton>
      </Form>
    </details>
  );
}
