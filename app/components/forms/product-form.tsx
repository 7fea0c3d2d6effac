import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { FormErrors, SelectField, TextField } from '~/components/ui/form';
import { useZodForm } from '~/components/ui/use-zod-form';
import { PRODUCT_CATEGORIES, PRODUCT_UNITS } from '~/domain/catalog';
import type { ProductSchema } from '~/schemas/master-data';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { fieldsOf, type DeductionRule, type QualityMeasure, type RuleFields } from '~/domain/intake';

export interface StoredProduct {
  code: string;
  name: string;
  nameEn: string;
  category: string;
  unit: string;
  coldChain: {
    minC: number | null;
    maxC: number | null;
    toleranceMinutes: number;
    budgetMinutes?: number | null;
    intervalMinutes?: number;
    humidityMin: number | null;
    humidityMax: number | null;
  };
  yieldKgPerMu: { min: number | null; max: number | null };
  growingDays?: number | null;
  intakeRules?: DeductionRule[];
  runYieldPct?: { min: number | null; max: number | null };
}

/** A stored product as the flat values of the form. */
export function productFormValues(p: StoredProduct) {
  const n = (v: number | null) => (v === null ? undefined : v);
  return {
    code: p.code,
    name: p.name,
    nameEn: p.nameEn,
    category: p.category,
    unit: p.unit,
    minC: n(p.coldChain.minC),
    maxC: n(p.coldChain.maxC),
    toleranceMinutes: p.coldChain.toleranceMinutes,
    budgetMinutes: n(p.coldChain.budgetMinutes ?? null),
    intervalMinutes: p.coldChain.intervalMinutes ?? 10,
    humidityMin: n(p.coldChain.humidityMin),
    humidityMax: n(p.coldChain.humidityMax),
    yieldMinKgPerMu: n(p.yieldKgPerMu.min),
    yieldMaxKgPerMu: n(p.yieldKgPerMu.max),
    growingDays: n(p.growingDays ?? null),
    ...prefixed('moisture', fieldsOf('moisture', p.intakeRules ?? [])),
    ...prefixed('impurity', fieldsOf('impurity', p.intakeRules ?? [])),
    runYieldMinPct: n(p.runYieldPct?.min ?? null),
    runYieldMaxPct: n(p.runYieldPct?.max ?? null),
  };
}

function prefixed(measure: QualityMeasure, f: RuleFields) {
  return {
    [`${measure}AllowedPct`]: f.allowedPct,
    [`${measure}Factor`]: f.factor,
    [`${measure}Ladder`]: f.ladder,
    [`${measure}RejectPct`]: f.rejectPct,
  };
}

export function ProductForm({
  lastResult,
  defaultValue,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: ReturnType<typeof productFormValues>;
}) {
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof ProductSchema>(
    'product',
    lastResult,
    defaultValue ?? { toleranceMinutes: 30, intervalMinutes: 10 },
  );
  const num = { type: 'number' as const, inputMode: 'decimal' as const, step: 'any' };
  return (
    <Form method="post" className="card" {...getFormProps(form)}>
      <FormGuard form={form.id} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid">
        <TextField meta={fields.code} label={t('product.code')} placeholder="GG" />
        <TextField meta={fields.name} label={t('product.name')} />
        <TextField meta={fields.nameEn} label={t('product.nameEn')} />
        <SelectField
          meta={fields.category}
          label={t('product.category')}
          options={PRODUCT_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <SelectField
          meta={fields.unit}
          label={t('product.unit')}
          options={PRODUCT_UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) }))}
        />
      </div>
      <h2>{t('product.coldChain')}</h2>
      <div className="grid">
        <TextField meta={fields.minC} label={t('product.minC')} {...num} />
        <TextField meta={fields.maxC} label={t('product.maxC')} {...num} />
        <TextField
          meta={fields.toleranceMinutes}
          label={t('product.toleranceMinutes')}
          type="number"
          inputMode="numeric"
        />
        <TextField
          meta={fields.budgetMinutes}
          label={t('product.budgetMinutes')}
          hint={t('product.budgetMinutesHint')}
          type="number"
          inputMode="numeric"
        />
        <TextField
          meta={fields.intervalMinutes}
          label={t('product.intervalMinutes')}
          hint={t('product.intervalMinutesHint')}
          type="number"
          inputMode="numeric"
        />
        <TextField meta={fields.humidityMin} label={t('product.humidityMin')} {...num} />
        <TextField meta={fields.humidityMax} label={t('product.humidityMax')} {...num} />
      </div>
      <h2>{t('product.yieldRange')}</h2>
      <div className="grid">
        <TextField meta={fields.yieldMinKgPerMu} label={t('product.yieldMinKgPerMu')} {...num} />
        <TextField meta={fields.yieldMaxKgPerMu} label={t('product.yieldMaxKgPerMu')} {...num} />
        <TextField
          meta={fields.growingDays}
          label={t('product.growingDays')}
          hint={t('product.growingDaysHint')}
          type="number"
          inputMode="numeric"
        />
      </div>
      <h2>{t('product.intakeRules')}</h2>
      <p className="hint">{t('product.intakeRulesHint')}</p>
      {(['moisture', 'impurity'] as const).map((m) => (
        <div className="grid" key={m}>
          <TextField meta={fields[`${m}AllowedPct`]} label={t(`product.${m}AllowedPct`)} {...num} />
          <TextField
            meta={fields[`${m}Factor`]}
            label={t('product.factor')}
            hint={t('product.factorHint')}
            {...num}
          />
          <TextField meta={fields[`${m}Ladder`]} label={t('product.ladder')} hint={t('product.ladderHint')} />
          <TextField meta={fields[`${m}RejectPct`]} label={t(`product.${m}RejectPct`)} {...num} />
        </div>
      ))}
      <h2>{t('product.runYield')}</h2>
      <p className="hint">{t('product.runYieldHint')}</p>
      <div className="grid">
        <TextField meta={fields.runYieldMinPct} label={t('product.runYieldMinPct')} {...num} />
        <TextField meta={fields.runYieldMaxPct} label={t('product.runYieldMaxPct')} {...num} />
      </div>
      <SubmitButton>{t('action.save')}</SubmitButton>
    </Form>
  );
}
