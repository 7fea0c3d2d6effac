import { getFormProps } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { correctHerdEvent, getHerdEvent } from '#models/herd';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink } from '~/components/ui/record-page';
import { useZodForm } from '~/components/ui/use-zod-form';
import { HerdEventCorrectionSchema, kindHas } from '~/schemas/herd';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDate, formatFen, formatNumber } from '~/utils/format';
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import { useLanguage } from '~/utils/use-language';
import { FormGuard, SubmitButton } from '~/components/ui/submit';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'herd');
  const event = await getHerdEvent(scope, idParam(params));
  if (!event) notFound();
  return { event, canWrite: can(user, 'write', 'herd') && event.orgId === String(user.orgId) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'herd');
  const { formData, submission } = await parseForm(request, HerdEventCorrectionSchema);
  if (submission.status !== 'success') return invalid(submission);
  const id = idParam(params);
  const saved = await saveForm(submission, () =>
    correctHerdEvent(scope, id, submission.value, actorOf(user, formData)),
  );
  if (!saved.ok) return saved.response;
  const result = saved.value;
  if (!result) notFound();
  if (!result.ok) return invalid(submission, result.errors);
  return redirectWithFlash(`/herd/events/${id}`, 'common.saved');
}

export default function HerdEventPage() {
  const { event, canWrite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const [form, fields] = useZodForm('herd-correction', HerdEventCorrectionSchema, actionData?.result, {
    cause: event.cause,
    buyer: event.buyer,
    priceYuan: event.priceFen === null ? undefined : event.priceFen / 100,
    notes: event.notes,
  });
  return (
    <>
      <BackLink to="/herd">{t('herd.title')}</BackLink>
      <h1>
        {t(`herd.kinds.${event.kind}`)} · {t(`species.${event.species}`)} ·{' '}
        {t('herd.headUnit', { count: event.head, formatted: formatNumber(lng, event.head) })}
      </h1>
      <dl className="props card">
        <Prop label={t('herd.date')}>{formatDate(lng, event.date)}</Prop>
        <Prop label={t('herd.cause')}>{event.cause}</Prop>
        <Prop label={t('herd.buyer')}>{event.buyer}</Prop>
        <Prop label={t('herd.weightKg')}>
          {event.weightKg === null ? null : formatNumber(lng, event.weightKg)}
        </Prop>
        <Prop label={t('herd.priceYuan')}>
          {event.priceFen === null ? null : formatFen(lng, event.priceFen)}
        </Prop>
        <Prop label={t('herd.earTagsShort')}>{event.earTags.join(', ')}</Prop>
        <Prop label={t('herd.lot')}>
          {event.lotCode ? <Link to={`/lots/${event.lotCode}`}>{event.lotCode}</Link> : null}
        </Prop>
        <Prop label={t('herd.notes')}>{event.notes}</Prop>
      </dl>
      {canWrite ? (
        <>
          <h2>{t('herd.correct')}</h2>
          <p className="muted">{t('herd.correctHint')}</p>
          <Form method="post" className="card" {...getFormProps(form)}>
            <FormGuard form={form.id} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <div className="grid">
              {kindHas(event.kind, 'cause') ? (
                <TextField meta={fields.cause} label={t('herd.cause')} />
              ) : null}
              {kindHas(event.kind, 'buyer') ? (
                <TextField meta={fields.buyer} label={t('herd.buyer')} />
              ) : null}
              {kindHas(event.kind, 'priceYuan') ? (
                <TextField
                  meta={fields.priceYuan}
                  label={t('herd.priceYuan')}
                  type="number"
                  inputMode="decimal"
                  step="any"
                />
              ) : null}
            </div>
            <TextAreaField meta={fields.notes} label={t('herd.notes')} />
            <SubmitButton>{t('action.save')}</SubmitButton>
          </Form>
        </>
      ) : null}
    </>
  );
}

/** One property of the event; left out when the event has no value for it. */
function Prop({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
