import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { listPlantings } from '#models/planting';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { EmptyRow, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatNumber } from '~/utils/format';
import { can, requirePermission } from '~/utils/permissions.server';
import { namesOf } from '~/utils/names';
import { asObjectId, plantingChoices } from '~/utils/plantings.server';
import { useLanguage } from '~/utils/use-language';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'planting');
  const params = new URL(request.url).searchParams;
  const season = Number(params.get('season'));
  const [{ plantings, totals }, choices] = await Promise.all([
    listPlantings(scope, {
      villageId: asObjectId(params.get('village')),
      productId: asObjectId(params.get('crop')),
      season: Number.isInteger(season) && season > 1999 && season < 2101 ? season : undefined,
    }),
    plantingChoices(user),
  ]);
  const thisYear = new Date().getFullYear();
  return {
    plantings,
    totals,
    choices,
    years: Array.from({ length: 6 }, (_, i) => thisYear - i),
    canWrite: can(user, 'write', 'planting'),
    showCooperative: scope.access !== 'own',
    isOfficial: user.role === 'official',
  };
}

export default function PlantingsPage() {
  const { plantings, totals, choices, years, canWrite, showCooperative, isOfficial } =
    useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const [params] = useSearchParams();
  const village = namesOf(choices.villages);
  const crop = namesOf(
    lng === 'en' ? choices.crops.map((c) => ({ value: c.value, label: c.labelEn })) : choices.crops,
  );
  const coop = namesOf(choices.cooperatives);
  const select = (name: string, label: string, all: string, options: { value: string; label: string }[]) => (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={params.get(name) ?? ''}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <h1>{t('planting.title')}</h1>
      <div className="actions">
        {canWrite ? (
          <Link className="button" to="/plantings/new">
            {t('planting.new')}
          </Link>
        ) : null}
        {isOfficial ? <Link to="/harvests/flagged">{t('planting.flagged')}</Link> : null}
      </div>
      <Form method="get" className="filters">
        {select('village', t('planting.village'), t('planting.allVillages'), choices.villages)}
        {select('crop', t('planting.crop'), t('planting.allCrops'), choices.crops)}
        {select(
          'season',
          t('planting.season'),
          t('planting.allYears'),
          years.map((y) => ({ value: String(y), label: String(y) })),
        )}
        <button type="submit" className="secondary">
          {t('action.filter')}
        </button>
      </Form>
      <Table
        head={
          <tr>
            <th>{t('planting.plantedOn')}</th>
            <th>{t('planting.ref')}</th>
            <th>{t('planting.village')}</th>
            <th>{t('planting.crop')}</th>
            {showCooperative ? <th>{t('planting.cooperative')}</th> : null}
            <th className="num">{t('planting.areaMu')}</th>
            <th className="num">{t('planting.households')}</th>
            <th className="num">{t('planting.harvestedKg')}</th>
          </tr>
        }
        foot={
          <tr>
            <td colSpan={showCooperative ? 5 : 4}>
              {t('common.total')} · {t('common.count', { count: totals.count })}
            </td>
            <td className="num">{formatNumber(lng, totals.areaMu)}</td>
            <td className="num">{formatNumber(lng, totals.households)}</td>
            <td className="num">{formatNumber(lng, totals.harvestedKg)}</td>
          </tr>
        }
      >
        {plantings.length === 0 ? <EmptyRow colSpan={8} /> : null}
        {plantings.map((p) => (
          <tr key={p.id}>
            <td>
              <Link to={`/plantings/${p.id}`}>{formatDate(lng, p.plantedOn)}</Link>
            </td>
            <td className="muted">{p.ref}</td>
            <td>{village[p.villageId] ?? '—'}</td>
            <td>{crop[p.productId] ?? '—'}</td>
            {showCooperative ? <td>{coop[p.orgId] ?? '—'}</td> : null}
            <td className="num">{formatNumber(lng, p.areaMu)}</td>
            <td className="num">{formatNumber(lng, p.households)}</td>
            <td className="num">{formatNumber(lng, p.harvestedKg)}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
