import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import {
  ConfirmField,
  FormErrors,
  SelectField,
  TextAreaField,
  TextField,
  type Option,
} from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { PROBLEM_CATEGORIES, PROBLEM_SOURCES, PROBLEM_STATUSES } from '~/domain/problem';
import type { ProblemAssignSchema, ProblemNoteSchema, ProblemSchema } from '~/schemas/target';

/** Suggestions for 牵头单位: the town's organizations and the units already named. */
function LeadUnits({ choices }: { choices: string[] }) {
  return (
    <datalist id="lead-units">
      {choices.map((c) => (
        <option key={c} value={c} />
      ))}
    </datalist>
  );
}

export function ProblemForm({
  lastResult,
  villages,
  defaultValue,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  villages: Option[];
  defaultValue: { raisedOn: string; source: string };
}) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof ProblemSchema>('problem', lastResult, defaultValue);
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.title} label={t('problem.name')} />
      <SelectField
        meta={fields.villageId}
        label={t('problem.village')}
        options={villages}
        placeholder={t('problem.noVillage')}
      />
      <SelectField
        meta={fields.category}
        label={t('problem.category')}
        options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t(`problem.categories.${c}`) }))}
      />
      <SelectField
        meta={fields.source}
        label={t('problem.source')}
        options={PROBLEM_SOURCES.map((s) => ({ value: s, label: t(`problem.sources.${s}`) }))}
      />
      <TextField meta={fields.raisedOn} label={t('problem.raisedOn')} type="date" />
      <TextAreaField meta={fields.description} label={t('problem.description')} />
      <SubmitButton>{t('problem.new')}</SubmitButton>
    </Form>
  );
}

export function ProblemNoteForm({
  lastResult,
  today,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  today: string;
}) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof ProblemNoteSchema>('problem-note', lastResult, { on: today });
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <input type="hidden" name="intent" value="note" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField meta={fields.on} label={t('problem.noteOn')} type="date" />
      <TextField meta={fields.note} label={t('problem.note')} />
      <ConfirmField meta={fields.confirmRepeat} label={t('problem.confirmRepeat')} />
      <SubmitButton>{t('problem.addNote')}</SubmitButton>
    </Form>
  );
}

export function ProblemAssignForm({
  lastResult,
  leadUnits,
  defaultValue,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  leadUnits: string[];
  defaultValue: Record<string, string>;
}) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof ProblemAssignSchema>('problem-assign', lastResult, defaultValue);
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <input type="hidden" name="intent" value="assign" />
      <p className="muted small">{t('problem.assignHint')}</p>
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField
        meta={fields.leadUnit}
        label={t('problem.leadUnit')}
        hint={t('problem.leadUnitHint')}
        list="lead-units"
        autoComplete="off"
      />
      <LeadUnits choices={leadUnits} />
      <TextField meta={fields.cooperatingUnits} label={t('problem.cooperatingUnits')} />
      <TextField meta={fields.deadline} label={t('problem.deadline')} type="date" />
      <SelectField
        meta={fields.status}
        label={t('problem.status')}
        options={PROBLEM_STATUSES.map((s) => ({ value: s, label: t(`problem.statuses.${s}`) }))}
      />
      <TextField meta={fields.reason} label={t('problem.reason')} />
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}
