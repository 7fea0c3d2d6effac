// Recording what an organization owes a household: a cooperative's purchase from a member
// (收购: kg entered in kg or 斤, the price from its price list unless typed, into a new
// collection lot or one of its lots in stock), and wages (务工) or land rent (土地流转), which
// the base, the plant and cooperatives pay households of any village of the town.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { householdChoices, listPurchasePrices } from '#models/households';
import { lotsInStock } from '#models/lots';
import { findActiveOrganization } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { WEIGHT_INPUT_UNITS } from '~/domain/household';
import { GRADES } from '~/domain/planting';
import { useTranslation } from '~/i18n/react';
import { useWeightUnit } from '~/utils/use-weight-unit';
import { PurchaseSchema, RentSchema, WageSchema } from '~/schemas/household';
import { requireUser, type SessionUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { formatNumber } from '~/utils/format';
import { productOptions, villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { recordPurchaseCommand, recordRentCommand, recordWageCommand } from '#models/households';
import { formCommand } from '~/utils/commands.server';
import { readForm } from '~/utils/forms.server';

const KINDS = ['purchase', 'wage', 'rent'] as const;
type Kind = (typeof KINDS)[number];

/** The kind asked for, if this user's organization records it (only cooperatives purchase). */
async function kindOf(request: Request, user: SessionUser): Promise<Kind> {
  const raw = new URL(request.url).searchParams.get('kind') ?? 'purchase';
  const kind = KINDS.find((k) => k === raw);
  if (!kind) notFound();
  if (kind === 'purchase' && user.role !== 'cooperative') notFound();
  const org = user.orgId && (await findActiveOrganization(user.orgId));
  if (!org) notFound();
  return kind;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'payout');
  const kind = await kindOf(request, user);
  const purchase = kind === 'purchase';
  const [households, villages, products, lots, prices] = await Promise.all([
    householdChoices(user.townId!, { memberOf: purchase ? user.orgId! : undefined }),
    villageNames(user.townId),
    purchase ? productOptions(user.townId) : [],
    purchase
      ? lotsInStock(requirePermission(user, 'read', 'lot'), {
          limit: 200,
          unit: 'kg',
          originKinds: ['harvest', 'collection'],
        })
      : [],
    purchase ? listPurchasePrices(user.orgId) : [],
  ]);
  return {
    kind,
    today: todayInShanghai(),
    households: households.map((h) => ({
      value: h.id,
      label: `${villages.names[h.villageId] ?? ''} · ${h.number} · ${h.head}`,
    })),
    products,
    lots: lots.map((l) => ({
      value: l.id,
      label: `${l.code} · ${l.productName} · ${l.origin.kind === 'collection' ? l.quantity : Math.max(0, l.quantity - (l.householdKg ?? 0))} kg`,
    })),
    prices: prices.map((p) => ({ productId: p.productId, grade: p.grade, unitFen: p.unitFen })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'payout');
  const kind = await kindOf(request, user);
  const [command, schema] =
    kind === 'purchase'
      ? [recordPurchaseCommand, PurchaseSchema]
      : kind === 'wage'
        ? [recordWageCommand, WageSchema]
        : [recordRentCommand, RentSchema];
  return formCommand(await readForm(request), user, command as typeof recordWageCommand, schema, {
    done: ({ id, number }) => [`/payouts/${id}`, `payout.saved|${JSON.stringify({ number })}`],
  });
}

export const handle: PageHandle = {
  title: (t, _lng, d) => d && t(`payout.new${d.kind[0].toUpperCase()}${d.kind.slice(1)}`),
};

export default function NewPayoutPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const title = t(`payout.new${d.kind[0].toUpperCase()}${d.kind.slice(1)}`);
  return (
    <div className="narrow">
      <BackLink to="/payouts">{t('payout.title')}</BackLink>
      <h1>{title}</h1>
      <nav className="actions">
        {(d.kind === 'purchase'
          ? (['wage', 'rent'] as const)
          : d.kind === 'wage'
            ? (['rent'] as const)
            : (['wage'] as const)
        ).map((k) => (
          <Link key={k} to={`/payouts/new?kind=${k}`}>
            {t(`payout.new${k[0].toUpperCase()}${k.slice(1)}`)}
          </Link>
        ))}
      </nav>
      {d.kind === 'purchase' ? <PurchaseForm /> : <OtherForm />}
    </div>
  );
}

function HouseholdChoice({ meta }: { meta: Parameters<typeof SelectField>[0]['meta'] }) {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <SelectField
      meta={meta}
      label={t('payout.household')}
      hint={t('payout.householdHint')}
      options={d.households}
      placeholder={t('payout.chooseHousehold')}
    />
  );
}

function PurchaseForm() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const orgUnit = useWeightUnit();
  const [form, fields] = useZodForm<typeof PurchaseSchema>('purchase', actionData?.result, {
    on: d.today,
    // households are weighed in the cooperative's unit (斤 unless it chose otherwise)
    weightUnit: (WEIGHT_INPUT_UNITS as readonly string[]).includes(orgUnit) ? orgUnit : 'kg',
    grade: 'grade1',
  });
  const num = { type: 'number' as const, inputMode: 'decimal' as const, step: 'any', min: 0 };
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <HouseholdChoice meta={fields.householdId} />
      <div className="grid">
        <TextField meta={fields.on} label={t('payout.on')} type="date" />
        <SelectField
          meta={fields.productId}
          label={t('payout.product')}
          options={d.products.map((p) => ({ value: p.value, label: lng === 'en' ? p.labelEn : p.label }))}
        />
        <SelectField
          meta={fields.grade}
          label={t('payout.grade')}
          options={GRADES.map((g) => ({ value: g, label: t(`harvest.grades.${g}`) }))}
        />
        <TextField meta={fields.quantity} label={t('payout.quantity')} {...num} />
        <SelectField
          meta={fields.weightUnit}
          label={t('payout.weightUnit')}
          options={WEIGHT_INPUT_UNITS.map((u) => ({ value: u, label: t(`payout.units.${u}`) }))}
        />
        <TextField
          meta={fields.priceYuan}
          label={t('payout.priceYuan')}
          hint={t('payout.priceHint')}
          {...num}
        />
      </div>
      {d.prices.length ? (
        <ul className="plain muted">
          {d.prices.map((p) => (
            <li key={`${p.productId}-${p.grade}`}>
              {d.products.find((x) => x.value === p.productId)?.label ?? ''} ·{' '}
              {t(`harvest.grades.${p.grade}`)} ·{' '}
              {t('payout.listedPrice', { price: formatNumber(lng, p.unitFen / 100) })}
            </li>
          ))}
        </ul>
      ) : null}
      <SelectField
        meta={fields.lotId}
        label={t('payout.lot')}
        hint={t('payout.lotHint')}
        options={d.lots}
        placeholder={t('payout.newLot')}
      />
      <TextAreaField meta={fields.note} label={t('payout.note')} />
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}

function OtherForm() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const wage = d.kind === 'wage';
  const [form, fields] = useZodForm<typeof WageSchema & typeof RentSchema>(d.kind, actionData?.result, {
    on: d.today,
    rentYear: d.today.slice(0, 4),
  });
  const num = { type: 'number' as const, inputMode: 'decimal' as const, step: 'any', min: 0 };
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <HouseholdChoice meta={fields.householdId} />
      <div className="grid">
        <TextField meta={fields.on} label={t('payout.on')} type="date" />
        {wage ? (
          <>
            <TextField meta={fields.worker} label={t('payout.worker')} hint={t('payout.workerHint')} />
            <TextField meta={fields.days} label={t('payout.days')} {...num} />
            <TextField meta={fields.rateYuan} label={t('payout.rateYuan')} {...num} />
          </>
        ) : (
          <>
            <TextField meta={fields.areaMu} label={t('payout.areaMu')} {...num} />
            <TextField meta={fields.rateYuan} label={t('payout.rentRateYuan')} {...num} />
            <TextField
              meta={fields.rentYear}
              label={t('payout.rentYear')}
              type="number"
              inputMode="numeric"
            />
          </>
        )}
      </div>
      <TextAreaField meta={fields.note} label={t('payout.note')} />
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
