import { useTranslation } from '~/i18n/react';

/** One filter of a list or dashboard: a field of a plain GET form (a view is shared as its URL). */
export function FilterSelect({
  label,
  name,
  value,
  options,
  all = false,
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: Array<{ value: string; label: string }>;
  all?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ''}>
        {all ? <option value="">{t('dashboard.all')}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
