// One entry of a household's ledger as its payer (or an official) sees it: what it is for,
// what has been paid of it and when, a payment form while something is owed, and a reversal
// for an entry made in error (an entry of the opposite amount; the original stays).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { getEntry } from '#models/households';
import { lotCodeOf } from '#models/lots';
import { productNames } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ConfirmField, FormErrors, SelectField, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink, Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { resultFor, useZodForm } from '~/components/ui/use-zod-form';
import { HOUSEHOLD_PAY_METHODS, INCOME_KINDS, type IncomeKind, owedOnEntry } from '~/domain/household';
import { useTranslation } from '~/i18n/react';
import { HouseholdPaymentSchema, ReverseSchema } from '~/schemas/household';
import { requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { formatDate, formatMoney, formatNumber, formatWeight } from '~/utils/format';
import { useWeightUnit } from '~/utils/use-weight-unit';
import { intentOf, readForm } from '~/utils/forms.server';
import { orgNames, phoneFor, villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import { payEntryCommand, reverseEntryCommand } from '#models/households';
import { formCommand } from '~/utils/commands.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'payout');
  const found = await getEntry(scope, idParam(params));
  if (!found) notFound();
  const { entry: e, payments, reversal } = found;
  const [villages, orgs, product, lot, reversed, paid] = await Promise.all([
    villageNames(user.townId),
    orgNames(user.townId),
    e.productId ? productNames(e.productId) : null,
    e.lotId ? lotCodeOf(e.lotId) : null,
    e.reverses ? getEntry(scope, idParam({ id: e.reverses })) : null,
    e.pays ? getEntry(scope, idParam({ id: e.pays })) : null,
  ]);
  const income = (INCOME_KINDS as readonly string[]).includes(e.kind) && e.amountFen > 0;
  const owedFen = owedOnEntry(e);
  const mine = String(user.orgId) === e.payerOrgId;
  return {
    e: {
      ...e,
      household: e.household && {
        number: e.household.number,
        head: e.household.head,
        // one rule for phones: whole to officials and the household's own cooperatives
        phone: phoneFor(user, e.household.phone, e.household.memberships),
        villageId: e.household.villageId,
        village: villages.names[e.household.villageId] ?? '',
      },
    },
    payer: orgs.names[e.payerOrgId] ?? '—',
    product: product ? { zh: product.name, en: product.nameEn || product.name } : null,
    lotCode: lot,
    payments,
    reversal,
    reversedNumber: reversed?.entry.number ?? null,
    paysNumber: paid?.entry.number ?? null,
    owedFen,
    today: todayInShanghai(),
    // the household register is open to officials and the household's cooperative
    householdLink: can(user, 'read', 'household') ? `/households/${e.householdId}` : null,
    can: {
      pay: mine && owedFen > 0 && can(user, 'pay', 'payout'),
      reverse:
        mine &&
        income &&
        !e.distributionId &&
        e.paidFen === 0 &&
        e.reversedFen === 0 &&
        can(user, 'write', 'payout'),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  const form = await readForm(request);
  const intent = intentOf(form, ['pay', 'reverse'] as const);
  if (!intent) notFound();
  const extra = { id: String(id) };
  if (intent === 'reverse')
    return formCommand(form, user, reverseEntryCommand, ReverseSchema, {
      extra,
      done: () => [`/payouts/${id}`, 'payout.reverseSaved'],
    });
  return formCommand(form, user, payEntryCommand, HouseholdPaymentSchema, {
    extra,
    done: () => [`/payouts/${id}`, 'payout.paySaved'],
  });
}

export const handle: PageHandle = { title: (_t, _lng, d) => d && d.e.number };

export default function PayoutPage() {
  const d = useLoaderData<typeof loader>();
  const { e } = d;
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const shownIn = useWeightUnit();
  const [payForm, payFields] = useZodForm<typeof HouseholdPaymentSchema>(
    'pay',
    resultFor(actionData?.result, 'pay'),
    {
      amountYuan: String(d.owedFen / 100),
      paidOn: d.today,
      method: 'cash',
    },
  );
  const [reverseForm, reverseFields] = useZodForm<typeof ReverseSchema>(
    'reverse',
    resultFor(actionData?.result, 'reverse'),
  );
  const kind = e.kind as IncomeKind | 'payment';
  return (
    <div className="narrow">
      <BackLink to="/payouts">{t('payout.title')}</BackLink>
      <h1>
        {t(`payout.kinds.${kind}`)} {e.number}
      </h1>
      <dl className="props card">
        <dt>{t('payout.household')}</dt>
        <dd>
          {e.household ? (
            <>
              {d.householdLink ? (
                <Link to={d.householdLink}>
                  {e.household.village} {e.household.number} {e.household.head}
                </Link>
              ) : (
                `${e.household.village} ${e.household.number} ${e.household.head}`
              )}{' '}
              <span className="muted">{e.household.phone}</span>
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('payout.title')}</dt>
        <dd>{d.payer}</dd>
        <dt>{t('payout.on')}</dt>
        <dd>{formatDate(lng, e.on)}</dd>
        {d.product ? (
          <>
            <dt>{t('payout.product')}</dt>
            <dd>
              {d.product[lng]} · {t(`harvest.grades.${e.grade}`)} · {formatWeight(lng, e.kg, 'kg', shownIn)} ×{' '}
              {formatNumber(lng, (e.unitFen ?? 0) / 100)} {t('payout.perKg')}
              {e.floorFen != null ? (
                <span className="badge warn">
                  {t('payout.belowFloor', { floor: formatNumber(lng, e.floorFen / 100) })}
                </span>
              ) : null}
            </dd>
          </>
        ) : null}
        {d.lotCode ? (
          <>
            <dt>{t('payout.lotLink')}</dt>
            <dd>
              <Link to={`/lots/${d.lotCode}`}>{d.lotCode}</Link>
            </dd>
          </>
        ) : null}
        {e.days != null ? (
          <>
            <dt>{t('payout.worker')}</dt>
            <dd>
              {e.worker} · {formatNumber(lng, e.days)} × {formatMoney(lng, e.rateFen ?? 0)}
            </dd>
          </>
        ) : null}
        {e.areaMu != null ? (
          <>
            <dt>{t('payout.areaMu')}</dt>
            <dd>
              {formatNumber(lng, e.areaMu)} × {formatMoney(lng, e.rateFen ?? 0)} · {t('payout.rentYear')}{' '}
              {e.rentYear}
            </dd>
          </>
        ) : null}
        {e.method ? (
          <>
            <dt>{t('payout.method')}</dt>
            <dd>
              {t(`payout.methods.${e.method}`)} {e.reference}
            </dd>
          </>
        ) : null}
        <dt>{t('payout.amount')}</dt>
        <dd>
          <strong>{formatMoney(lng, e.amountFen)}</strong>
        </dd>
        {kind !== 'payment' ? (
          <>
            <dt>{t('payout.paid')}</dt>
            <dd>{formatMoney(lng, e.paidFen)}</dd>
            <dt>{t('payout.owed')}</dt>
            <dd>{formatMoney(lng, d.owedFen)}</dd>
          </>
        ) : null}
        {d.paysNumber ? (
          <>
            <dt>{t('payout.pays')}</dt>
            <dd>
              <Link to={`/payouts/${e.pays}`}>{d.paysNumber}</Link>
            </dd>
          </>
        ) : null}
        {d.reversedNumber ? (
          <>
            <dt>{t('payout.reversal')}</dt>
            <dd>
              <Link to={`/payouts/${e.reverses}`}>{t('payout.reverses', { number: d.reversedNumber })}</Link>
            </dd>
          </>
        ) : null}
        {d.reversal ? (
          <>
            <dt>{t('payout.reversed')}</dt>
            <dd>
              <Link to={`/payouts/${d.reversal.id}`}>{d.reversal.number}</Link> {d.reversal.note}
            </dd>
          </>
        ) : null}
        {e.note ? (
          <>
            <dt>{t('payout.note')}</dt>
            <dd>{e.note}</dd>
          </>
        ) : null}
      </dl>
      {kind !== 'payment' ? (
        <>
          <h2>{t('payout.payments')}</h2>
          <Table
            head={
              <tr>
                <th>{t('payout.paidOn')}</th>
                <th>{t('payout.number')}</th>
                <th>{t('payout.method')}</th>
                <th className="num">{t('payout.amount')}</th>
              </tr>
            }
          >
            {d.payments.length === 0 ? <EmptyRow colSpan={4} /> : null}
            {d.payments.map((p) => (
              <tr key={p.id}>
                <td>{formatDate(lng, p.on)}</td>
                <Cell label={t('payout.number')}>
                  <Link to={`/payouts/${p.id}`}>{p.number}</Link>
                </Cell>
                <Cell label={t('payout.method')}>
                  {p.method ? t(`payout.methods.${p.method}`) : ''} {p.reference}
                </Cell>
                <Cell label={t('payout.amount')} num>
                  {formatMoney(lng, p.amountFen)}
                </Cell>
              </tr>
            ))}
          </Table>
        </>
      ) : null}
      {d.can.pay ? (
        <section className="card">
          <h2>{t('payout.pay')}</h2>
          <Form method="post" {...getFormProps(payForm)}>
            <FormGuard form="pay" />
            <FormErrors id={payForm.errorId} errors={payForm.errors} />
            <TextField meta={payFields.amountYuan} label={t('payout.amountYuan')} inputMode="decimal" />
            <TextField meta={payFields.paidOn} label={t('payout.paidOn')} type="date" />
            <SelectField
              meta={payFields.method}
              label={t('payout.method')}
              options={HOUSEHOLD_PAY_METHODS.map((m) => ({ value: m, label: t(`payout.methods.${m}`) }))}
            />
            <TextField meta={payFields.reference} label={t('payout.reference')} autoComplete="off" />
            <ConfirmField meta={payFields.confirmRepeat} label={t('household.confirmRepeat')} />
            <SubmitButton name="intent" value="pay">
              {t('payout.pay')}
            </SubmitButton>
          </Form>
        </section>
      ) : null}
      {d.can.reverse ? (
        <section className="card">
          <h2>{t('payout.reverse')}</h2>
          <p className="muted">{t('payout.reverseHint')}</p>
          <Form method="post" {...getFormProps(reverseForm)}>
            <FormGuard form="reverse" />
            <FormErrors id={reverseForm.errorId} errors={reverseForm.errors} />
            <TextAreaField meta={reverseFields.reason} label={t('payout.reason')} />
            <SubmitButton name="intent" value="reverse" className="secondary">
              {t('payout.reverse')}
            </SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
