import { getFormProps } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from '~/i18n/react';
import { toObjectId } from '#models/kernel';
import { getHerdEvent } from '#models/field';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink } from '~/components/ui/record-page';
import { useZodForm } from '~/components/ui/use-zod-form';
import { compactEarTags, kindHas } from '~/domain/herd';
import { HerdEventCorrectionSchema, HerdReverseSchema } from '~/schemas/herd';
import { correctHerdEventCommand, reverseHerdEventCommand } from '#models/field';
import { formCommand } from '~/utils/commands.server';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatFen, formatNumber } from '~/utils/format';
import { intentOf, readForm } from '~/utils/forms.server';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import { useLanguage } from '~/utils/use-language';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'herd');
  const event = await getHerdEvent(scope, idParam(params));
  if (!event) notFound();
  // the other half of a voiding, if any: what this one voids, or what voided it
  const related = await getHerdEvent(
    scope,
    toObjectId(event.reverses ?? event.reversedBy) ?? idParam(params),
  );
  return {
    event,
    related: related && related.id !== event.id ? { id: related.id, date: related.date } : null,
    canWrite: can(user, 'write', 'herd') && event.orgId === String(user.orgId),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  const form = await readForm(request);
  const done = (message: string) => (): [string, string] => [`/herd/events/${id}`, message];
  // a record entered by mistake is voided by a reversing entry
  if (intentOf(form, ['reverse'] as const))
    return formCommand(form, user, reverseHerdEventCommand, HerdReverseSchema, {
      extra: { id: String(id) },
      done: done('herd.reversedOk'),
    });
  return formCommand(form, user, correctHerdEventCommand, HerdEventCorrectionSchema, {
    extra: { id: String(id) },
    done: done('common.saved'),
  });
}

export const handle: PageHandle = {
  title: (t, _lng, d) => d && `${t(`herd.kinds.${d.event.kind}`)} · ${t('herd.title')}`,
};

export default function HerdEventPage() {
  const { event, related, canWrite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const [form, fields] = useZodForm<typeof HerdEventCorrectionSchema>('herd-correction', actionData?.result, {
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
        {event.reversedBy ? <span className="badge muted"> {t('herd.reversed')}</span> : null}
        {event.reverses ? <span className="badge warn"> {t('herd.reversal')}</span> : null}
      </h1>
      {related ? (
        <p>
          <Link to={`/herd/events/${related.id}`}>
            {event.reverses
              ? t('herd.reversalOf', { date: formatDate(lng, related.date) })
              : t('herd.reversedByLink')}
          </Link>
        </p>
      ) : null}
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
        <Prop label={t('herd.earTagsShort')}>
          {compactEarTags(event.earTags)
            .map((r) => (typeof r === 'string' ? r : t('herd.tagRun', r)))
            .join(', ')}
        </Prop>
        <Prop label={t('herd.lot')}>
          {event.lotCode ? <Link to={`/lots/${event.lotCode}`}>{event.lotCode}</Link> : null}
        </Prop>
        <Prop label={t('herd.notes')}>{event.notes}</Prop>
      </dl>
      {canWrite && !event.reverses && !event.reversedBy ? (
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
          <h2>{t('herd.reverse')}</h2>
          <Form method="post" className="card check-form">
            <FormGuard form="reverse" />
            <p className="muted">{t('herd.reverseHint')}</p>
            <label htmlFor="reverseNote">{t('herd.reverseNote')}</label>
            <textarea id="reverseNote" name="reverseNote" rows={2} maxLength={200} />
            <SubmitButton name="intent" value="reverse" className="danger">
              {t('herd.reverse')}
            </SubmitButton>
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
