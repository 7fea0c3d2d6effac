import { getFormProps } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { correctHerdEvent, getHerdEvent } from '#models/herd';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink } from '~/components/ui/record-page';
import { useZodForm } from '~/components/ui/use-zod-form';
import { HerdEventCorrectionSchema } from '~/schemas/herd';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDate, formatFen, formatNumber } from '~/utils/format';
import { invalid, parseForm } from '~/utils/forms.server';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import { useLanguage } from '~/utils/use-language';

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
  const { submission } = await parseForm(request, HerdEventCorrectionSchema);
  if (submission.status !== 'success') return invalid(submission);
  const id = idParam(params);
  const updated = await correctHerdEvent(scope, id, submission.value, actorOf(user));
  if (!updated) notFound();
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
        <dt>{t('herd.date')}</dt>
        <dd>{formatDate(lng, event.date)}</dd>
        {event.earTags.length ? (
          <>
            <dt>{t('herd.earTagsShort')}</dt>
            <dd>{event.earTags.join(', ')}</dd>
          </>
        ) : null}
        {event.weightKg !== null ? (
          <>
            <dt>{t('herd.weightKg')}</dt>
            <dd>{formatNumber(lng, event.weightKg)}</dd>
          </>
        ) : null}
        {event.priceFen !== null ? (
          <>
            <dt>{t('herd.priceYuan')}</dt>
            <dd>{formatFen(lng, event.priceFen)}</dd>
          </>
        ) : null}
        {event.lotCode ? (
          <>
            <dt>{t('herd.lot')}</dt>
            <dd>
              <Link to={`/lots/${event.lotCode}`}>{event.lotCode}</Link>
            </dd>
          </>
        ) : null}
      </dl>
      {canWrite ? (
        <>
          <h2>{t('herd.correct')}</h2>
          <p className="muted">{t('herd.correctHint')}</p>
          <Form method="post" className="card" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <div className="grid">
              <TextField meta={fields.cause} label={t('herd.cause')} />
              <TextField meta={fields.buyer} label={t('herd.buyer')} />
              <TextField
                meta={fields.priceYuan}
                label={t('herd.priceYuan')}
                type="number"
                inputMode="decimal"
                step="any"
              />
            </div>
            <TextAreaField meta={fields.notes} label={t('herd.notes')} />
            <button type="submit">{t('action.save')}</button>
          </Form>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
