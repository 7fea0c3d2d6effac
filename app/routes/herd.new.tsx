// Recording a herd event: first the kind (a button each), then a form that asks only what that
// kind of event needs — a birth head and tags, a death its cause, a sale buyer, weight and
// price. Works the same without JavaScript: the kind is in the address. A sale to an enterprise
// in the app becomes a delivery of its lot, which the enterprise confirms.
import { getFormProps } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { deliverSaleCommand } from '#models/trade';
import { getBase, recordHerdEventCommand } from '#models/field';
import { townEnterprises } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import {
  EAR_TAG_SPECIES_DIGIT,
  HERD_EVENT_KINDS,
  isAdding,
  kindHas,
  type HerdEventKind,
} from '~/domain/herd';
import { HerdEventSchema } from '~/schemas/herd';
import { requireUser, type SessionUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseSubmission, readForm } from '~/utils/forms.server';
import { callerOf, execute, submitCommand } from '~/utils/commands.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import type { PageHandle } from '~/utils/page-handle';

async function requireBase(user: SessionUser) {
  requirePermission(user, 'write', 'herd');
  const base = await getBase(user.orgId);
  if (!base) notFound();
  return base;
}

const kindOf = (request: Request) => {
  const kind = new URL(request.url).searchParams.get('kind');
  return (HERD_EVENT_KINDS as readonly string[]).includes(kind ?? '') ? (kind as HerdEventKind) : null;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const base = await requireBase(user);
  const enterprises = await townEnterprises(user.townId);
  return {
    buyers: enterprises.map((e) => ({ value: String(e.id), label: e.name })),
    kind: kindOf(request),
    species: base.species,
    countyCode: base.countyCode,
    today: todayInShanghai(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await requireBase(user);
  const form = await readForm(request);
  const submission = parseSubmission(form, HerdEventSchema);
  if (submission.status !== 'success') return invalid(submission);
  const caller = callerOf(user, form);
  const saved = await submitCommand(recordHerdEventCommand, caller, submission);
  if (!saved.ok) return saved.response;
  const { lotCode, buyerOrgId } = saved.value;
  if (buyerOrgId && lotCode) {
    // sold to an enterprise in the app: the lot goes to it as a delivery (under the base's
    // contract with it, or at the sale's price), which it confirms like any other
    const { date, head, priceYuan, weightKg } = submission.value;
    const delivered = await execute(deliverSaleCommand, caller, {
      lotCode,
      buyerOrgId: String(buyerOrgId),
      date,
      head,
      priceYuan,
      weightKg: weightKg ?? undefined,
    });
    if (delivered.ok) return redirectWithFlash(`/deliveries/${delivered.value.id}`, 'herd.savedAndDelivered');
    return redirectWithFlash('/herd', `herd.savedNotDelivered|${JSON.stringify({ code: lotCode })}`);
  }
  return lotCode
    ? redirectWithFlash('/herd', `herd.savedWithLot|${JSON.stringify({ code: lotCode })}`)
    : redirectWithFlash('/herd', 'herd.saved');
}

export const handle: PageHandle = {
  title: (t, _lng, d) => (d?.kind ? t('herd.newKind', { kind: t(`herd.kinds.${d.kind}`) }) : t('herd.new')),
};

export default function NewHerdEventPage() {
  const { kind, species, countyCode, today, buyers } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <BackLink to="/herd">{t('herd.title')}</BackLink>
      {kind ? (
        <KindForm kind={kind} species={species} countyCode={countyCode} today={today} buyers={buyers} />
      ) : (
        <>
          <h1>{t('herd.new')}</h1>
          <ul className="tap-list">
            {HERD_EVENT_KINDS.map((k) => (
              <li key={k}>
                <Link to={`?kind=${k}`}>
                  <strong>{t(`herd.kinds.${k}`)}</strong>
                  <span className="muted">{t(`herd.kindHints.${k}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function KindForm({
  kind,
  species,
  countyCode,
  today,
  buyers,
}: {
  buyers: Array<{ value: string; label: string }>;
  kind: HerdEventKind;
  species: string[];
  countyCode: string;
  today: string;
}) {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const tagDigits = species
    .filter((s) => EAR_TAG_SPECIES_DIGIT[s as keyof typeof EAR_TAG_SPECIES_DIGIT])
    .map((s) => `${t(`species.${s}`)} ${EAR_TAG_SPECIES_DIGIT[s as keyof typeof EAR_TAG_SPECIES_DIGIT]}`)
    .join(t('herd.listSeparator'));
  const [form, fields] = useZodForm<typeof HerdEventSchema>(`herd-${kind}`, actionData?.result, {
    kind,
    date: today,
    species: species[0],
  });
  const num = { type: 'number' as const, inputMode: 'decimal' as const, step: 'any', min: '0' };
  return (
    <>
      <h1>{t('herd.newKind', { kind: t(`herd.kinds.${kind}`) })}</h1>
      <p className="muted">
        {t('herd.finalHint')} <Link to="?">{t('herd.otherKind')}</Link>
      </p>
      <Form method="post" className="card" {...getFormProps(form)}>
        <FormGuard form={form.id} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="kind" value={kind} />
        {species.length > 1 ? (
          <SelectField
            meta={fields.species}
            label={t('herd.species')}
            options={species.map((s) => ({ value: s, label: t(`species.${s}`) }))}
          />
        ) : (
          <input type="hidden" name="species" value={species[0]} />
        )}
        <TextField
          meta={fields.head}
          label={t('herd.head')}
          type="number"
          inputMode="numeric"
          min="1"
          autoFocus
        />
        <TextField meta={fields.date} label={t('herd.date')} type="date" max={today} />
        {kindHas(kind, 'cause') ? <TextField meta={fields.cause} label={t('herd.cause')} /> : null}
        {kind === 'sale' ? (
          <SelectField
            meta={fields.buyerOrgId}
            label={t('herd.buyerInApp')}
            options={buyers}
            placeholder={t('herd.buyerOutside')}
          />
        ) : null}
        {kindHas(kind, 'buyer') ? (
          <TextField
            meta={fields.buyer}
            label={t('herd.buyer')}
            hint={kind === 'sale' ? t('herd.buyerHint') : undefined}
          />
        ) : null}
        {kindHas(kind, 'weightKg') ? (
          <TextField meta={fields.weightKg} label={t('herd.weightKg')} {...num} />
        ) : null}
        {kindHas(kind, 'priceYuan') ? (
          <TextField meta={fields.priceYuan} label={t('herd.priceYuan')} {...num} />
        ) : null}
        {tagDigits ? (
          <TextAreaField
            meta={fields.earTags}
            label={t(isAdding(kind) ? 'herd.earTags' : 'herd.earTagsLeaving')}
            hint={t('herd.earTagHint', {
              digits: tagDigits,
              county: countyCode,
              // a run of 650 from the first serial, as a clerk would write a litter or a purchase
              example: `${species.map((s) => EAR_TAG_SPECIES_DIGIT[s as keyof typeof EAR_TAG_SPECIES_DIGIT]).find(Boolean) ?? '1'}${countyCode}00000001+650`,
            })}
          />
        ) : null}
        <TextAreaField meta={fields.notes} label={t('herd.notes')} />
        <SubmitButton>{t('action.save')}</SubmitButton>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
