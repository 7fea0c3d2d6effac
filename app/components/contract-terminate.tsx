// A contract's termination: folded away, with the reason the other party will read.
import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { FormErrors, TextAreaField } from '~/components/ui/form';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import type { TerminateSchema } from '~/schemas/contract';

export function TerminateForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof TerminateSchema>('terminate', lastResult);
  return (
    <details className="card">
      <summary>{t('contract.terminate')}</summary>
      <Form method="post" {...getFormProps(form)}>
        <FormGuard form="terminate" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextAreaField meta={fields.reason} label={t('contract.terminateReason')} />
        <SubmitButton name="intent" value="terminate" className="secondary">
          {t('contract.terminate')}
        </SubmitButton>
      </Form>
    </details>
  );
}
