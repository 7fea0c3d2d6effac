// The dashboard's filters: year, village, crop and buyer, each checked by the server (a value
// it does not know is dropped and named above them).
import { Form, Link } from '@remix-run/react';
import { FilterSelect } from '~/components/ui/filter-select';
import { useTranslation } from '~/i18n/react';

type Option = { value: string; label: string };

export interface FilterData {
  ignored: string[];
  filter: { year: number; villageId?: string; productId?: string; enterpriseId?: string };
  options: { years: number[]; villages: Option[]; products: Option[]; enterprises: Option[] };
}

export function DashboardFilters({ d }: { d: FilterData }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="filters card" aria-label={t('dashboard.filters')}>
      {d.ignored.map((v) => (
        <p key={v} className="error" role="alert">
          {t('dashboard.badFilter', { value: v })}
        </p>
      ))}
      <FilterSelect
        label={t('dashboard.year')}
        name="year"
        value={String(d.filter.year)}
        options={d.options.years.map((y) => ({ value: String(y), label: String(y) }))}
      />
      <FilterSelect
        label={t('dashboard.village')}
        name="village"
        value={d.filter.villageId}
        options={d.options.villages}
        all
      />
      <FilterSelect
        label={t('dashboard.crop')}
        name="crop"
        value={d.filter.productId}
        options={d.options.products}
        all
      />
      <FilterSelect
        label={t('dashboard.enterprise')}
        name="enterprise"
        value={d.filter.enterpriseId}
        options={d.options.enterprises}
        all
      />
      <div className="actions">
        <button type="submit">{t('dashboard.apply')}</button>
        <Link to="/dashboard">{t('dashboard.reset')}</Link>
      </div>
    </Form>
  );
}
