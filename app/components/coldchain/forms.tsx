// The shipment page's forms: a handover at either end, a handheld reading, a logger's file, and
// the consignee's receipt — which says what it will do before it does it.
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useState } from 'react';
import { ErrorList, FormErrors, TextAreaField, TextField, translateMessage } from '~/components/ui/form';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import type { FormReadingSchema, HandoverSchema, ReceiveSchema } from '~/schemas/coldchain';

type Result = SubmissionResult<string[]> | null | undefined;
const temp = { type: 'number' as const, inputMode: 'decimal' as const, step: 'any' };

export function HandoverForm({
  intent,
  lastResult,
  now,
}: {
  intent: 'depart' | 'arrive';
  lastResult: Result;
  now: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof HandoverSchema>(intent, lastResult, { at: now });
  return (
    <Form method="post" {...getFormProps(form)} className="card" aria-labelledby={`${intent}-title`}>
      <h2 id={`${intent}-title`}>{t(`shipment.${intent}Title`)}</h2>
      <FormGuard form={intent} />
      <input type="hidden" name="intent" value={intent} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid">
        <TextField meta={fields.at} label={t('shipment.handoverAt')} type="datetime-local" />
        <TextField meta={fields.handedBy} label={t('shipment.handedBy')} />
        <TextField meta={fields.receivedBy} label={t('shipment.receivedBy')} />
        <TextField meta={fields.tempC} label={t('shipment.handoverTemp')} {...temp} />
      </div>
      <SubmitButton>{t(`shipment.${intent}Save`)}</SubmitButton>
    </Form>
  );
}

export function ReadingForm({ lastResult, now }: { lastResult: Result; now: string }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof FormReadingSchema>('reading', lastResult, { at: now });
  return (
    <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="reading-title">
      <h2 id="reading-title">{t('reading.formTitle')}</h2>
      <FormGuard form="reading" />
      <input type="hidden" name="intent" value="reading" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid">
        <TextField meta={fields.at} label={t('reading.at')} type="datetime-local" />
        <TextField meta={fields.tempC} label={t('reading.tempC')} {...temp} />
        <TextField meta={fields.humidity} label={t('reading.humidity')} {...temp} />
      </div>
      <SubmitButton>{t('reading.save')}</SubmitButton>
    </Form>
  );
}

export interface UploadAnswer {
  error?: string;
  report?: {
    rows: number;
    stored: number;
    duplicate: number;
    refused: { line: number; reason: string }[];
    layout: { headerLine: number; separator: string; encoding: string; zone: string; unit: string };
  };
}

export function UploadForm({ answer }: { answer?: UploadAnswer }) {
  const { t } = useTranslation();
  const r = answer?.report;
  return (
    <Form method="post" encType="multipart/form-data" className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">{t('reading.uploadTitle')}</h2>
      <FormGuard form="upload" />
      <input type="hidden" name="intent" value="upload" />
      <p className="hint">{t('reading.uploadHint')}</p>
      <div className="field">
        <label htmlFor="logger-file">{t('reading.file')}</label>
        <input
          id="logger-file"
          name="file"
          type="file"
          required
          accept=".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-invalid={answer?.error ? true : undefined}
          aria-describedby={answer?.error ? 'logger-file-error' : undefined}
        />
        <ErrorList id="logger-file-error" errors={answer?.error ? [answer.error] : null} />
      </div>
      <SubmitButton>{t('reading.upload')}</SubmitButton>
      {r ? (
        <div role="status" data-upload-report>
          <p>
            {t('reading.report', {
              rows: r.rows,
              stored: r.stored,
              duplicate: r.duplicate,
              refused: r.refused.length,
            })}
          </p>
          <p className="hint">
            {t('reading.layout', {
              line: r.layout.headerLine,
              separator: r.layout.separator,
              encoding: r.layout.encoding,
              zone: r.layout.zone,
              unit: `°${r.layout.unit}`,
            })}
          </p>
          {r.refused.length ? (
            <ul className="plain" data-list="refused">
              {r.refused.slice(0, 50).map((x) => (
                <li key={x.line}>
                  {t('reading.refusedLine', { line: x.line, reason: translateMessage(t, x.reason) })}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Form>
  );
}

export function ReceiveForm({ lastResult, compliant }: { lastResult: Result; compliant: boolean }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof ReceiveSchema>('receive', lastResult);
  const [rejecting, setRejecting] = useState(!!fields.reason.errors?.length);
  return (
    <Form method="post" {...getFormProps(form)} className="card" aria-labelledby="receive-title">
      <h2 id="receive-title">{t('shipment.receiveTitle')}</h2>
      <FormGuard form="receive" />
      <input type="hidden" name="intent" value="receive" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <p>{t(compliant ? 'shipment.receiveKept' : 'shipment.receiveNotKept')}</p>
      <p className="hint">{t('shipment.receiveWhat')}</p>
      {rejecting ? <TextAreaField meta={fields.reason} label={t('shipment.rejectReason')} /> : null}
      <div className="actions">
        <SubmitButton name="decision" value="accept">
          {t('shipment.accept')}
        </SubmitButton>
        {rejecting ? (
          <SubmitButton name="decision" value="reject" className="danger">
            {t('shipment.rejectConfirm')}
          </SubmitButton>
        ) : (
          <button type="button" className="secondary" onClick={() => setRejecting(true)}>
            {t('shipment.reject')}
          </button>
        )}
      </div>
    </Form>
  );
}
