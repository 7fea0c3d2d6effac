import { getFormProps } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { getBase, recordHerdEvent } from '#models/herd';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink } from '~/components/ui/record-page';
import { useZodForm } from '~/components/ui/use-zod-form';
import {
  EAR_TAG_SPECIES_DIGIT,
  HERD_EVENT_KINDS,
  HerdEventSchema,
  kindsWith,
  type DetailField,
  type HerdEventKind,
} from '~/schemas/herd';
import { actorOf, requireUser, type SessionUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm } from '~/utils/forms.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { FormGuard, SubmitButton } from '~/components/ui/submit';

async function requireBase(user: SessionUser) {
  requirePermission(user, 'write', 'herd');
  const base = await getBase(user.orgId);
  if (!base) notFound();
  return base;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const base = await requireBase(await requireUser(request));
  return { species: base.species, countyCode: base.countyCode, today: todayInShanghai() };
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

export default function NewHerdEventPage() {
  const { species, countyCode, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  // every field is shown for every kind (the form works without JavaScript); hints say which
  const kinds = (list: readonly HerdEventKind[]) =>
    list.map((k) => t(`herd.kinds.${k}`)).join(t('herd.listSeparator'));
  const hint = (field: DetailField) =>
    kindsWith(field, 'required').length
      ? t('herd.requiredFor', { kinds: kinds(kindsWith(field, 'required')) })
      : t('herd.onlyFor', { kinds: kinds(kindsWith(field)) });
  const tagDigits = species
    .filter((s) => EAR_TAG_SPECIES_DIGIT[s])
    .map((s) => `${t(`species.${s}`)} ${EAR_TAG_SPECIES_DIGIT[s]}`)
    .join(t('herd.listSeparator'));
  const [form, fields] = useZodForm('herd-event', HerdEventSchema, actionData?.result, {
    date: today,
    species: species[0],
    kind: 'birth',
  });
  const num = { type: 'number' as const, inputMode: 'decimal' as const, step: 'any', min: '0' };
  return (
    <>
      <BackLink to="/herd">{t('herd.title')}</BackLink>
      <h1>{t('herd.new')}</h1>
      <p className="muted">{t('herd.finalHint')}</p>
      <Form method="post" className="card" {...getFormProps(form)}>
        <FormGuard form={form.id} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="grid">
          <SelectField
            meta={fields.kind}
            label={t('herd.kind')}
            options={HERD_EVENT_KINDS.map((k) => ({ value: k, label: t(`herd.kinds.${k}`) }))}
          />
          <SelectField
            meta={fields.species}
            label={t('herd.species')}
            options={species.map((s) => ({ value: s, label: t(`species.${s}`) }))}
          />
          <TextField meta={fields.date} label={t('herd.date')} type="date" max={today} />
          <TextField meta={fields.head} label={t('herd.head')} type="number" inputMode="numeric" min="1" />
          <TextField meta={fields.cause} label={t('herd.cause')} hint={hint('cause')} />
          <TextField meta={fields.buyer} label={t('herd.buyer')} hint={hint('buyer')} />
          <TextField meta={fields.weightKg} label={t('herd.weightKg')} hint={hint('weightKg')} {...num} />
          <TextField meta={fields.priceYuan} label={t('herd.priceYuan')} hint={hint('priceYuan')} {...num} />
        </div>
        <TextAreaField
          meta={fields.earTags}
          label={t('herd.earTags')}
          hint={tagDigits ? t('herd.earTagHint', { digits: tagDigits, county: countyCode }) : undefined}
        />
        <TextAreaField meta={fields.notes} label={t('herd.notes')} />
        <SubmitButton>{t('action.save')}</SubmitButton>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
