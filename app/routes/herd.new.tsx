// Recording a herd event: first the kind (a button each), then a form that asks only what that
// kind of event needs — a birth head and tags, a death its cause, a sale buyer, weight and
// price. Works the same without JavaScript: the kind is in the address.
import { getFormProps } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getBase, recordHerdEvent } from '#models/herd';
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
import { actorOf, requireUser, type SessionUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm } from '~/utils/forms.server';
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
  const base = await requireBase(await requireUser(request));
  return {
    kind: kindOf(request),
    species: base.species,
    countyCode: base.countyCode,
    today: todayInShanghai(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const base = await requireBase(user);
  const { formData, submission } = await parseForm(request, HerdEventSchema);
  if (submission.status !== 'success') return invalid(submission);
  const result = await recordHerdEvent(base, submission.value, actorOf(user, formData));
  if (!result.ok) return invalid(submission, result.errors);
  return result.lotCode
    ? redirectWithFlash('/herd', `herd.savedWithLot|${JSON.stringify({ code: result.lotCode })}`)
    : redirectWithFlash('/herd', 'herd.saved');
}

export const handle: PageHandle = {
  title: (t, _lng, d) => (d?.kind ? t('herd.newKind', { kind: t(`herd.kinds.${d.kind}`) }) : t('herd.new')),
};

export default function NewHerdEventPage() {
  const { kind, species, countyCode, today } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <BackLink to="/herd">{t('herd.title')}</BackLink>
      {kind ? (
        <KindForm kind={kind} species={species} countyCode={countyCode} today={today} />
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
}: {
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
        {kindHas(kind, 'buyer') ? <TextField meta={fields.buyer} label={t('herd.buyer')} /> : null}
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
            hint={t('herd.earTagHint', { digits: tagDigits, county: countyCode })}
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
