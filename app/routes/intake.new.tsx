// 过磅入厂: the gate clerk's weigh ticket. Pick a delivery arriving at the plant (its lots come
// with it) or type or scan lot codes (a cooperative's own lots for toll processing); gross and
// tare give the net to 0.1 kg; 计算 shows the deductions and the payable weight before 保存.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import {
  arrivingDeliveries,
  nextTicketNumber,
  planIntake,
  plantOf,
  recordIntakeCommand,
} from '#models/plant';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/ui/form';
import { PhotoField, photoErrorOf } from '~/components/ui/photo-field';
import { BackLink } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { TicketFigures } from '~/components/plant-ticket';
import { GRADES } from '~/domain/planting';
import { shanghaiLocalInput } from '~/domain/time';
import { useTranslation } from '~/i18n/react';
import { IntakeFormSchema, IntakePreviewSchema, intakeInputOf } from '~/schemas/intake';
import { requireUser } from '~/utils/auth.server';
import { callerOf, formRefusal, submitCommand } from '~/utils/commands.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatWeight } from '~/utils/format';
import { intentOf, invalid, parseSubmission } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { photoTooLarge, readPhotoForm, takePhoto } from '~/utils/photo.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'intake');
  const plant = await plantOf(scope);
  if (!plant) notFound();
  const now = new Date();
  const [arriving, number] = await Promise.all([
    arrivingDeliveries(scope),
    nextTicketNumber(scope.orgId!, Number(shanghaiLocalInput(now).slice(0, 4))),
  ]);
  const wanted = new URL(request.url).searchParams.get('delivery');
  const preset = arriving.find((d) => d.id === wanted);
  return {
    arriving,
    toll: plant.tollProcessing,
    defaults: {
      number,
      weighedAt: shanghaiLocalInput(now),
      ...(preset && { deliveryId: preset.id }),
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'intake');
  const form = await readPhotoForm(request);
  if (!form) return photoTooLarge();
  const intent = intentOf(form, ['preview', 'save'] as const) ?? 'save';
  const { photo, error: photoError } = await takePhoto(form);
  const submission = parseSubmission(form, intent === 'preview' ? IntakePreviewSchema : IntakeFormSchema);
  if (submission.status !== 'success') return invalid(submission);
  if (photoError) return invalid(submission, { photo: [photoError] });
  if (intent === 'preview') {
    const plan = await planIntake(scope, intakeInputOf(submission.value));
    if (!plan.ok) return formRefusal(submission, plan);
    return {
      result: submission.reply(),
      preview: {
        figures: plan.figures,
        recordedKg: plan.recordedKg,
        shrinkageKg: plan.shrinkageKg,
        kind: plan.taken.kind,
        lots: plan.taken.lots.map((l) => ({
          code: l.lot.code,
          kg: l.kg,
          whole: Math.abs(l.kg - l.lot.quantity) < 1e-9,
        })),
      },
    };
  }
  const saved = await submitCommand(recordIntakeCommand, callerOf(user, form), submission, {
    ...intakeInputOf(submission.value as Parameters<typeof intakeInputOf>[0]),
    photo,
  });
  if (!saved.ok) return saved.response;
  return redirectWithFlash(`/intake/${saved.value.id}`, 'intake.saved');
}

export const handle: PageHandle = { words: ['plant'], title: 'intake.new' };

export default function NewIntakePage() {
  const { arriving, toll, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof IntakeFormSchema>(
    'intake',
    actionData && 'result' in actionData ? actionData.result : undefined,
    defaults,
  );
  const preview = actionData && 'preview' in actionData ? actionData.preview : null;
  const num = { inputMode: 'decimal' as const };
  return (
    <div className="narrow">
      <BackLink to="/intake">{t('intake.title')}</BackLink>
      <h1>{t('intake.new')}</h1>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="card">
        <FormGuard form="intake" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField
          meta={fields.number}
          label={t('intake.number')}
          hint={t('intake.numberHint')}
          autoComplete="off"
        />
        <TextField meta={fields.weighedAt} label={t('intake.weighedAt')} type="datetime-local" />
        <SelectField
          meta={fields.deliveryId}
          label={t('intake.delivery')}
          hint={arriving.length ? t('intake.deliveryHint') : t('intake.arrivingEmpty')}
          options={arriving.map((d) => ({
            value: d.id,
            label: `${d.code} · ${d.seller} · ${formatWeight(lng, d.quantity, 'kg', 'kg')} · ${d.productName}`,
          }))}
        />
        <TextAreaField
          meta={fields.lotCodes}
          label={t(toll ? 'intake.lotCodes' : 'intake.lotCodesDelivery')}
          hint={t(toll ? 'intake.lotCodesHint' : 'intake.lotCodesDeliveryHint')}
        />
        <div className="grid">
          <TextField meta={fields.grossKg} label={t('intake.grossKg')} {...num} />
          <TextField meta={fields.tareKg} label={t('intake.tareKg')} {...num} />
          <TextField meta={fields.moisturePct} label={t('intake.moisturePct')} {...num} />
          <TextField meta={fields.impurityPct} label={t('intake.impurityPct')} {...num} />
        </div>
        <SelectField
          meta={fields.grade}
          label={t('harvest.grade')}
          options={GRADES.map((g) => ({ value: g, label: t(`harvest.grades.${g}`) }))}
        />
        {toll ? (
          <TextField
            meta={fields.feeYuanPerKg}
            label={t('intake.feeYuanPerKg')}
            hint={t('intake.feeHint')}
            {...num}
          />
        ) : null}
        <PhotoField
          id="intake-photo"
          label={t('intake.photo')}
          hint={t('intake.photoHint')}
          error={photoErrorOf(actionData)}
        />
        <TextAreaField meta={fields.notes} label={t('intake.notes')} />
        {preview ? (
          <section className="preview" aria-live="polite" data-intake-preview>
            <h2>{t('intake.preview')}</h2>
            <p>{t(`intake.kinds.${preview.kind}`)}</p>
            <TicketFigures
              ticket={{
                ...preview.figures,
                recordedKg: preview.recordedKg,
                shrinkageKg: preview.shrinkageKg,
              }}
            />
            <ul className="plain">
              {preview.lots.map((l) => (
                <li key={l.code}>
                  {l.code} · {formatWeight(lng, l.kg, 'kg', 'kg')}
                  {l.whole ? '' : ` · ${t('intake.splitsOff')}`}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <div className="actions">
          <SubmitButton name="intent" value="preview" className="secondary">
            {t('intake.calculate')}
          </SubmitButton>
          <SubmitButton name="intent" value="save">
            {t('intake.save')}
          </SubmitButton>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
