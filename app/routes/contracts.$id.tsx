// One offtake contract: its terms as both parties agreed them, who has accepted, and (for a
// party) the buttons to accept or terminate it.

import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps, getInputProps } from '@conform-to/react';

import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink, Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import { AmendSchema, RefuseAmendmentSchema } from '~/schemas/contract';
import { TerminateForm } from '~/components/contract-terminate';

import { colon, paren, formatDate, formatMoney, formatQuantity, unitName } from '~/utils/format';

import type { PageHandle } from '~/utils/page-handle';

export { action, loader } from './__contract.server';
import type { action, loader } from './__contract.server';

export const handle: PageHandle = {
  title: (t, lng, d) => d && `${d.contract.code} · ${d.product[lng]}`,
};

export default function ContractPage() {
  const {
    contract: c,
    preview,
    buyer,
    seller,
    product,
    canAccept,
    canTerminate,
    canDeliver,
    canVerify,
    canAmend,
    amendments,
    progress,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const perUnit = (fen: number) => `${formatMoney(lng, fen)}/${unitName(lng, c.unit, 1)}`;
  const termText = (key: string, value: unknown): string => {
    if (key === 'committedQty') return formatQuantity(lng, Number(value), c.unit);
    if (key === 'floorFen') return perUnit(Number(value));
    if (key === 'windowEnd') return formatDate(lng, String(value));
    if (key === 'overageAllowed') return t(value ? 'contract.allowed' : 'contract.notAllowed');
    if (key === 'schedule')
      return (
        (value as Array<{ month: string; qty: number }>)
          .map((l) => `${l.month} ${formatQuantity(lng, l.qty, c.unit)}`)
          .join('；') || '—'
      );
    return String(value);
  };
  const verified = actionData && 'verified' in actionData ? actionData.verified : null;
  const [amendForm, amendFields] = useZodForm<typeof AmendSchema>(
    'amend',
    actionData && 'result' in actionData ? actionData.result : undefined,
    {
      committedQty: String(c.committedQty),
      windowEnd: c.windowEnd,
      floorYuan: String(c.floorFen / 100),
      overageAllowed: c.overageAllowed ? 'on' : undefined,
      schedule: c.schedule.map((l) => `${l.month} ${l.qty}`).join('\n'),
    },
  );
  const overage = getInputProps(amendFields.overageAllowed, { type: 'checkbox' });
  const [refuseAmendForm, refuseAmendFields] = useZodForm<typeof RefuseAmendmentSchema>(
    'refuseamend',
    actionData && 'result' in actionData ? actionData.result : undefined,
  );
  // the monthly plan beside what was delivered each month
  const none = { deliveredQty: 0, confirmedQty: 0, confirmedFen: 0, paidFen: 0, pending: 0 };
  const months = [...new Set([...c.schedule.map((l) => l.month), ...progress.months.map((m) => m.month)])]
    .sort()
    .map((month) => ({
      ...none,
      ...progress.months.find((m) => m.month === month),
      month,
      planned: c.schedule.find((l) => l.month === month)?.qty ?? null,
    }));
  const market =
    c.market.kind === 'premium'
      ? `${t('contract.marketRules.premium')}${paren(lng, `+${c.market.percent ?? 0}%`)}`
      : t(`contract.marketRules.${c.market.kind}`);
  return (
    <div className="narrow">
      <BackLink to="/contracts">{t('contract.title')}</BackLink>
      <h1>
        {c.code} <span className="badge">{t(`contract.statuses.${c.status}`)}</span>
      </h1>
      <dl className="props card">
        <dt>{t('contract.product')}</dt>
        <dd>{product[lng]}</dd>
        <dt>{t('contract.sellerShort')}</dt>
        <dd>{seller}</dd>
        <dt>{t('contract.buyerShort')}</dt>
        <dd>{buyer}</dd>
        <dt>{t('contract.committedQty')}</dt>
        <dd>{formatQuantity(lng, c.committedQty, c.unit)}</dd>
        <dt>{t('contract.window')}</dt>
        <dd>
          {formatDate(lng, c.windowStart)} – {formatDate(lng, c.windowEnd)}
        </dd>
        <dt>{t('contract.floor')}</dt>
        <dd>{perUnit(c.floorFen)}</dd>
        <dt>{t('contract.marketRule')}</dt>
        <dd>{market}</dd>
        <dt>{t('contract.grades')}</dt>
        <dd>
          {c.grades.length === 0 ? (
            t('contract.gradeKinds.base')
          ) : (
            <ul className="plain">
              {c.grades.map((g) => (
                <li key={g.grade}>
                  {t('contract.gradeLine', {
                    grade: t(`harvest.grades.${g.grade}`),
                    terms:
                      g.kind === 'price'
                        ? perUnit(g.fen)
                        : t('contract.gradeAdjust', {
                            sign: g.fen < 0 ? '−' : '+',
                            amount: perUnit(Math.abs(g.fen)),
                          }),
                  })}
                </li>
              ))}
              <li className="muted">{t('contract.gradeNotTraded')}</li>
            </ul>
          )}
        </dd>
        {c.unit === 'kg' ? (
          <>
            <dt>{t('contract.deductions')}</dt>
            <dd>
              {t('contract.deductionsText', { moisture: c.moistureFreePct, impurity: c.impurityFreePct })}
            </dd>
          </>
        ) : null}
        <dt>{t('contract.deposit')}</dt>
        <dd>{formatMoney(lng, c.depositFen)}</dd>
        <dt>{t('contract.overage')}</dt>
        <dd>{t(c.overageAllowed ? 'contract.allowed' : 'contract.notAllowed')}</dd>
        {c.notes ? (
          <>
            <dt>{t('contract.notes')}</dt>
            <dd>{c.notes}</dd>
          </>
        ) : null}
        <dt>{t('contract.parties')}</dt>
        <dd>
          {buyer}
          {colon(lng)}
          {c.acceptedByBuyerAt
            ? t('contract.acceptedOn', { date: formatDate(lng, c.acceptedByBuyerAt) })
            : t('contract.notAccepted')}
          <br />
          {seller}
          {colon(lng)}
          {c.acceptedBySellerAt
            ? t('contract.acceptedOn', { date: formatDate(lng, c.acceptedBySellerAt) })
            : t('contract.notAccepted')}
        </dd>
        {c.status === 'terminated' ? (
          <>
            <dt>{t('contract.status')}</dt>
            <dd>
              {t('contract.terminatedOn', {
                date: formatDate(lng, c.terminatedAt),
                reason: c.terminationReason,
              })}
            </dd>
          </>
        ) : null}
      </dl>
      {c.status === 'active' ? <p className="muted">{t('contract.frozen')}</p> : null}
      {c.status === 'draft' || c.status === 'active' ? (
        <section className="card">
          <h2>{t('contract.priceToday')}</h2>
          <p className="muted">
            {preview.market
              ? t('contract.marketOn', {
                  date: formatDate(lng, preview.market.day),
                  price: perUnit(preview.market.fen),
                })
              : t('contract.noMarket')}
          </p>
          <ul className="plain">
            {preview.rows.map((r) => (
              <li key={r.grade}>
                {preview.allGrades ? t('contract.allGrades') : t(`harvest.grades.${r.grade}`)}
                {colon(lng)}
                <strong>{perUnit(r.unitFen)}</strong>{' '}
                <span className="muted">{paren(lng, t(`contract.sources.${r.source}`))}</span>
              </li>
            ))}
          </ul>
          {c.unit === 'kg' ? <p className="muted">{t('contract.beforeDeductions')}</p> : null}
        </section>
      ) : null}
      {c.status !== 'draft' ? (
        <section className="card">
          <h2>{t('contract.fulfilment')}</h2>
          <p>
            {t('contract.deliveredOf', {
              delivered: formatQuantity(lng, progress.total.deliveredQty, c.unit),
              committed: formatQuantity(lng, c.committedQty, c.unit),
              pct: c.committedQty ? Math.round((progress.total.deliveredQty / c.committedQty) * 100) : 0,
            })}
          </p>
          <Table
            cards
            head={
              <tr>
                <th>{t('contract.month')}</th>
                <th className="num">{t('contract.planned')}</th>
                <th className="num">{t('contract.delivered')}</th>
                <th className="num">{t('contract.confirmedQty')}</th>
                <th className="num">{t('contract.confirmedFen')}</th>
                <th className="num">{t('contract.paidFen')}</th>
                <th className="num">{t('contract.pendingCount')}</th>
              </tr>
            }
          >
            {months.length === 0 ? <EmptyRow colSpan={7} /> : null}
            {months.map((m) => (
              <tr key={m.month}>
                <td>{m.month}</td>
                <Cell label={t('contract.planned')} num>
                  {m.planned === null ? '—' : formatQuantity(lng, m.planned, c.unit)}
                </Cell>
                <Cell label={t('contract.delivered')} num>
                  {formatQuantity(lng, m.deliveredQty, c.unit)}
                </Cell>
                <Cell label={t('contract.confirmedQty')} num>
                  {formatQuantity(lng, m.confirmedQty, c.unit)}
                </Cell>
                <Cell label={t('contract.confirmedFen')} num>
                  {formatMoney(lng, m.confirmedFen)}
                </Cell>
                <Cell label={t('contract.paidFen')} num>
                  {formatMoney(lng, m.paidFen)}
                </Cell>
                <Cell label={t('contract.pendingCount')} num>
                  {m.pending}
                </Cell>
              </tr>
            ))}
          </Table>
          <p className="muted">
            {t('contract.moneyLine', {
              confirmed: formatMoney(lng, progress.total.confirmedFen),
              deposit: formatMoney(lng, progress.total.depositFen),
              paid: formatMoney(lng, progress.total.paidFen),
            })}
          </p>
          <div className="actions">
            <Link to={`/deliveries?contract=${c.id}`}>{t('contract.seeDeliveries')}</Link>
            {canDeliver ? (
              <Link className="button" to={`/deliveries/new?contract=${c.id}`}>
                {t('delivery.new')}
              </Link>
            ) : null}
          </div>
        </section>
      ) : null}
      {amendments.length ? (
        <section className="card">
          <h2>{t('amendment.title')}</h2>
          <ul className="plain amendments">
            {amendments.map((a) => (
              <li key={a.id}>
                <strong>{a.code}</strong> <span className="badge">{t(`amendment.statuses.${a.status}`)}</span>{' '}
                <span className="muted">
                  {a.proposedBy} · {formatDate(lng, (a as { createdAt?: string }).createdAt)}
                </span>
                <p>{a.reason}</p>
                <ul className="plain">
                  {Object.keys(a.changes).map((key) => (
                    <li key={key}>
                      {t(`amendment.fields.${key}`)}
                      {colon(lng)}
                      {termText(key, (a.before as Record<string, unknown>)[key])} →{' '}
                      <strong>{termText(key, (a.changes as Record<string, unknown>)[key])}</strong>
                    </li>
                  ))}
                </ul>
                {a.answer ? <p className="muted">{a.answer}</p> : null}
                {a.canAnswer ? (
                  <>
                    <Form method="post" className="inline">
                      <FormGuard form={`acceptamend${a.id.slice(-6)}`} />
                      <input type="hidden" name="amendmentId" value={a.id} />
                      <SubmitButton name="intent" value="acceptAmendment">
                        {t('amendment.accept')}
                      </SubmitButton>
                    </Form>
                    <details>
                      <summary>{t('amendment.refuse')}</summary>
                      <Form method="post" {...getFormProps(refuseAmendForm)}>
                        <FormGuard form={`refuseamend${a.id.slice(-6)}`} />
                        <input type="hidden" name="amendmentId" value={a.id} />
                        <FormErrors id={refuseAmendForm.errorId} errors={refuseAmendForm.errors} />
                        <TextAreaField meta={refuseAmendFields.reason} label={t('amendment.refuseReason')} />
                        <SubmitButton name="intent" value="refuseAmendment" className="secondary">
                          {t('amendment.refuse')}
                        </SubmitButton>
                      </Form>
                    </details>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {canAmend ? (
        <details className="card">
          <summary>{t('amendment.propose')}</summary>
          <p className="muted">{t('amendment.hint')}</p>
          <Form method="post" {...getFormProps(amendForm)}>
            <FormGuard form="amend" />
            <FormErrors id={amendForm.errorId} errors={amendForm.errors} />
            <TextField
              meta={amendFields.committedQty}
              label={t('contract.committedQty')}
              inputMode="decimal"
            />
            <TextField meta={amendFields.windowEnd} label={t('contract.windowEnd')} type="date" />
            <TextField meta={amendFields.floorYuan} label={t('contract.floorYuan')} inputMode="decimal" />
            <label className="checkbox">
              <input {...overage} key={overage.key} />
              {t('contract.overageAllowed')}
            </label>
            <TextAreaField
              meta={amendFields.schedule}
              label={t('contract.schedule')}
              hint={t('contract.scheduleHint')}
            />
            <TextAreaField meta={amendFields.reason} label={t('amendment.reason')} />
            <SubmitButton name="intent" value="amend" className="secondary">
              {t('amendment.propose')}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
      {canVerify ? (
        <Form method="post" className="card">
          <FormGuard form="verify" />
          <p className="muted">{t('contract.verifyHint')}</p>
          {verified ? (
            <p role="status" className={verified.ok ? 'ok' : 'field-errors'}>
              {verified.ok
                ? t('contract.verifiedOk', { count: verified.entries })
                : verified.broken
                  ? t('contract.verifiedBroken', {
                      number: verified.broken.number,
                      seq: verified.broken.seq,
                      problem: t(`contract.chainProblems.${verified.broken.problem}`),
                    })
                  : t('contract.verifiedMissing', { codes: verified.missing.join('、') })}
            </p>
          ) : null}
          <SubmitButton name="intent" value="verify" className="secondary">
            {t('contract.verify')}
          </SubmitButton>
        </Form>
      ) : null}
      {canAccept ? (
        <Form method="post" className="card">
          <FormGuard form="accept" />
          <p className="muted">{t('contract.acceptHint')}</p>
          <SubmitButton name="intent" value="accept">
            {t('contract.accept')}
          </SubmitButton>
        </Form>
      ) : null}
      {canTerminate ? (
        <TerminateForm lastResult={actionData && 'result' in actionData ? actionData.result : undefined} />
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
