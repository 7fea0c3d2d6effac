// One offtake contract: its terms as both parties agreed them, who has accepted, and (for a
// party) the buttons to accept or terminate it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps, getInputProps } from '@conform-to/react';
import { Types } from 'mongoose';
import {
  acceptContract,
  getContract,
  priceTermsOf,
  terminateContract,
  fulfilment,
  verifyContract,
  priceOn,
  answerAmendment,
  listAmendments,
  proposeAmendment,
} from '#models/trade';
import { priceLine } from '~/domain/pricing';
import { todayInShanghai } from '~/utils/dates';
import { WriteRefused, toObjectId } from '#models/kernel';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink, Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import { AmendSchema, RefuseAmendmentSchema, TerminateSchema } from '~/schemas/contract';
import { parseSchedule } from '~/domain/contract';
import { yuanToFen } from '~/domain/herd';
import { actorOf, requireUser } from '~/utils/auth.server';
import { contractNames } from '~/utils/contracts.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDate, formatMoney, formatQuantity, unitName } from '~/utils/format';
import { intentOf, invalid, parseSubmission, readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'contract');
  const contract = await getContract(scope, idParam(params));
  if (!contract) notFound();
  const [names, market, progress, amendments] = await Promise.all([
    contractNames([contract]),
    priceOn(new Types.ObjectId(contract.townId), new Types.ObjectId(contract.productId), todayInShanghai()),
    fulfilment(new Types.ObjectId(contract.id)),
    listAmendments(new Types.ObjectId(contract.id)),
  ]);
  // what a delivery would be paid today, grade by grade (before deductions)
  const terms = priceTermsOf(contract);
  const grades = terms.grades.length ? terms.grades.map((g) => g.grade) : (['mixed'] as const);
  const preview = {
    market: market && { fen: market.fen, day: market.day },
    rows: grades.map((grade) => {
      const line = priceLine(
        terms,
        { quantity: 1, grade, moisturePct: 0, impurityPct: 0 },
        market?.fen ?? null,
      );
      return { grade, unitFen: line.unitFen, source: line.source };
    }),
    allGrades: terms.grades.length === 0,
  };
  const org = String(user.orgId);
  const side = contract.buyerOrgId === org ? 'buyer' : contract.sellerOrgId === org ? 'seller' : null;
  const open = contract.status === 'draft' || contract.status === 'active';
  const acceptedAt =
    side === 'buyer' ? contract.acceptedByBuyerAt : side === 'seller' ? contract.acceptedBySellerAt : null;
  return {
    contract,
    preview,
    buyer: names.orgs[contract.buyerOrgId] ?? '—',
    seller: names.orgs[contract.sellerOrgId] ?? '—',
    product: names.products[contract.productId] ?? { zh: '—', en: '—' },
    progress,
    amendments: amendments.map((a) => ({
      ...a,
      proposedBy: names.orgs[a.proposedByOrgId] ?? '—',
      canAnswer:
        a.status === 'proposed' && !!side && a.proposedByOrgId !== org && can(user, 'accept', 'contract'),
    })),
    canAmend:
      !!side &&
      contract.status === 'active' &&
      !amendments.some((a) => a.status === 'proposed') &&
      can(user, 'accept', 'contract'),
    canDeliver: side === 'seller' && contract.status === 'active' && can(user, 'write', 'delivery'),
    canVerify: can(user, 'verify', 'contract'),
    canAccept: !!side && contract.status === 'draft' && !acceptedAt && can(user, 'accept', 'contract'),
    // a party, or an official of the town (the loader has already confined the contract to them)
    canTerminate: open && (can(user, 'write', 'contract') || (!!side && can(user, 'accept', 'contract'))),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  const form = await readForm(request);
  const intent = intentOf(form, [
    'accept',
    'terminate',
    'verify',
    'amend',
    'acceptAmendment',
    'refuseAmendment',
  ] as const);
  if (!intent) notFound();
  const actor = actorOf(user, form);
  if (intent === 'amend') {
    const scope = requirePermission(user, 'accept', 'contract');
    const submission = parseSubmission(form, AmendSchema);
    if (submission.status !== 'success') return invalid(submission);
    const v = submission.value;
    const plan = parseSchedule(v.schedule);
    const outcome = await proposeAmendment(
      scope,
      id,
      {
        committedQty: v.committedQty,
        windowEnd: v.windowEnd,
        floorFen: yuanToFen(v.floorYuan),
        overageAllowed: v.overageAllowed,
        schedule: plan.ok ? plan.lines : [],
      },
      v.reason,
      actor,
    );
    if (!outcome) notFound();
    if (!outcome.ok) return invalid(submission, outcome.errors);
    return redirectWithFlash(`/contracts/${id}`, 'amendment.proposed');
  }
  if (intent === 'acceptAmendment' || intent === 'refuseAmendment') {
    const scope = requirePermission(user, 'accept', 'contract');
    const amendmentId = toObjectId(form.get('amendmentId'));
    if (!amendmentId) notFound();
    let answer: { accept: true } | { accept: false; reason: string } = { accept: true };
    if (intent === 'refuseAmendment') {
      const submission = parseSubmission(form, RefuseAmendmentSchema);
      if (submission.status !== 'success') return invalid(submission);
      answer = { accept: false, reason: submission.value.reason };
    }
    const outcome = await answerAmendment(scope, id, amendmentId, answer, actor);
    if (!outcome) notFound();
    if (!outcome.ok)
      return redirectWithFlash(
        `/contracts/${id}`,
        Object.values(outcome.errors).flat()[0] ?? 'v.interrupted',
      );
    return redirectWithFlash(`/contracts/${id}`, answer.accept ? 'amendment.accepted' : 'amendment.refused');
  }
  if (intent === 'verify') {
    // recompute the chain of receipts and payments and hold it against the deliveries
    const scope = requirePermission(user, 'verify', 'contract');
    const contract = await getContract(scope, id);
    if (!contract) notFound();
    return { verified: await verifyContract(id) };
  }
  if (intent === 'accept') {
    const scope = requirePermission(user, 'accept', 'contract');
    const contract = await getContract(scope, id);
    if (!contract) notFound();
    const side = contract.buyerOrgId === String(user.orgId) ? 'buyer' : 'seller';
    try {
      const after = await acceptContract(scope, id, side, actor);
      if (!after) return redirectWithFlash(`/contracts/${id}`, 'v.concurrentChange');
      return redirectWithFlash(
        `/contracts/${id}`,
        after.status === 'active' ? 'contract.activated' : 'contract.accepted',
      );
    } catch (error) {
      if (!(error instanceof WriteRefused)) throw error;
      return redirectWithFlash(`/contracts/${id}`, Object.values(error.errors).flat()[0] ?? 'v.interrupted');
    }
  }
  // a party or an official ends it, with a reason
  const scope = can(user, 'write', 'contract')
    ? requirePermission(user, 'write', 'contract')
    : requirePermission(user, 'accept', 'contract');
  const submission = parseSubmission(form, TerminateSchema);
  if (submission.status !== 'success') return invalid(submission);
  try {
    const done = await terminateContract(scope, id, submission.value.reason, actor);
    if (!done) return redirectWithFlash(`/contracts/${id}`, 'v.concurrentChange');
  } catch (error) {
    if (!(error instanceof WriteRefused)) throw error;
    return invalid(submission, error.errors);
  }
  return redirectWithFlash(`/contracts/${id}`, 'contract.terminated');
}

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
  const [terminateForm, terminateFields] = useZodForm<typeof TerminateSchema>(
    'terminate',
    actionData && 'result' in actionData ? actionData.result : undefined,
  );
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
      ? `${t('contract.marketRules.premium')}（+${c.market.percent ?? 0}%）`
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
          {buyer}：
          {c.acceptedByBuyerAt
            ? t('contract.acceptedOn', { date: formatDate(lng, c.acceptedByBuyerAt) })
            : t('contract.notAccepted')}
          <br />
          {seller}：
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
                {preview.allGrades ? t('contract.allGrades') : t(`harvest.grades.${r.grade}`)}：
                <strong>{perUnit(r.unitFen)}</strong>{' '}
                <span className="muted">（{t(`contract.sources.${r.source}`)}）</span>
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
                      {t(`amendment.fields.${key}`)}：
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
        <details className="card">
          <summary>{t('contract.terminate')}</summary>
          <Form method="post" {...getFormProps(terminateForm)}>
            <FormGuard form="terminate" />
            <FormErrors id={terminateForm.errorId} errors={terminateForm.errors} />
            <TextAreaField meta={terminateFields.reason} label={t('contract.terminateReason')} />
            <SubmitButton name="intent" value="terminate" className="secondary">
              {t('contract.terminate')}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
