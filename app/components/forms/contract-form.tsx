import { getFormProps, getInputProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { FormErrors, SelectField, TextAreaField, TextField, type Option } from '~/components/ui/form';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { GRADE_TERM_KINDS, GRADES, gradeKindField, gradeYuanField, MARKET_RULES } from '~/domain/contract';
import type { ContractSchema } from '~/schemas/contract';

export function ContractForm({
  lastResult,
  defaultValue,
  sellers,
  buyers,
  products,
  chooseBuyer,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Record<string, unknown>;
  sellers: Option[];
  buyers: Option[];
  products: Array<Option & { labelEn: string }>;
  /** An official names the buyer; an enterprise is the buyer. */
  chooseBuyer: boolean;
}) {
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof ContractSchema>('contract', lastResult, defaultValue);
  const num = { type: 'number' as const, inputMode: 'decimal' as const, step: 'any' };
  const overage = getInputProps(fields.overageAllowed, { type: 'checkbox' });
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid">
        {chooseBuyer ? (
          <SelectField meta={fields.buyerOrgId} label={t('contract.buyer')} options={buyers} />
        ) : null}
        <SelectField meta={fields.sellerOrgId} label={t('contract.seller')} options={sellers} />
        <SelectField
          meta={fields.productId}
          label={t('contract.product')}
          options={products.map((p) => ({ value: p.value, label: lng === 'en' ? p.labelEn : p.label }))}
        />
        <TextField
          meta={fields.committedQty}
          label={t('contract.committedQty')}
          hint={t('contract.committedQtyHint')}
          min="0"
          {...num}
        />
        <TextField meta={fields.windowStart} label={t('contract.windowStart')} type="date" />
        <TextField meta={fields.windowEnd} label={t('contract.windowEnd')} type="date" />
        <TextField meta={fields.floorYuan} label={t('contract.floorYuan')} min="0" {...num} />
        <SelectField
          meta={fields.marketRule}
          label={t('contract.marketRule')}
          options={MARKET_RULES.map((r) => ({ value: r, label: t(`contract.marketRules.${r}`) }))}
        />
        <TextField meta={fields.marketPercent} label={t('contract.marketPercent')} {...num} />
      </div>
      <fieldset className="field">
        <legend>{t('contract.grades')}</legend>
        <small className="hint">{t('contract.gradeHint')}</small>
        <div className="grid">
          {GRADES.map((g) => (
            <div key={g} className="grid">
              <SelectField
                meta={fields[gradeKindField(g)]}
                label={t(`harvest.grades.${g}`)}
                options={GRADE_TERM_KINDS.map((k) => ({ value: k, label: t(`contract.gradeKinds.${k}`) }))}
              />
              <TextField
                meta={fields[gradeYuanField(g)]}
                label={t('contract.gradeYuan', { grade: t(`harvest.grades.${g}`) })}
                {...num}
              />
            </div>
          ))}
        </div>
      </fieldset>
      <div className="grid">
        <TextField
          meta={fields.moistureFreePct}
          label={t('contract.moistureFreePct')}
          min="0"
          max="100"
          {...num}
        />
        <TextField
          meta={fields.impurityFreePct}
          label={t('contract.impurityFreePct')}
          min="0"
          max="100"
          {...num}
        />
        <TextField
          meta={fields.depositYuan}
          label={t('contract.depositYuan')}
          hint={t('contract.depositHint')}
          min="0"
          {...num}
        />
      </div>
      <label className="checkbox">
        <input {...overage} key={overage.key} />
        {t('contract.overageAllowed')}
      </label>
      <TextAreaField
        meta={fields.schedule}
        label={t('contract.schedule')}
        hint={t('contract.scheduleHint')}
      />
      <TextAreaField meta={fields.notes} label={t('contract.notes')} />
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}
