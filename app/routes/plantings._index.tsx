import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { listPlantings } from '#models/field';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Pager, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatNumber, formatWeight } from '~/utils/format';
import { useWeightUnit } from '~/utils/use-weight-unit';
import { can, requirePermission } from '~/utils/permissions.server';
import { namesOf } from '~/utils/names';
import { asObjectId, plantingChoices } from '~/utils/plantings.server';
import { pageParam } from '~/utils/records.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'planting');
  const params = new URL(request.url).searchParams;
  const season = Number(params.get('season'));
  const page = pageParam(request);
  const [{ plantings, hasMore, byCrop, count }, choices] = await Promise.all([
    listPlantings(
      scope,
      {
        villageId: asObjectId(params.get('village')),
        productId: asObjectId(params.get('crop')),
        season: Number.isInteger(season) && season > 1999 && season < 2101 ? season : undefined,
      },
      { page },
    ),
    plantingChoices(user),
  ]);
  const thisYear = new Date().getFullYear();
  return {
    plantings,
    page,
    hasMore,
    byCrop,
    count,
    choices,
    years: Array.from({ length: 6 }, (_, i) => thisYear - i),
    canWrite: can(user, 'write', 'planting'),
    showCooperative: scope.access !== 'own',
    isOfficial: user.role === 'official',
  };
}

export const handle: PageHandle = { scripts: false, title: 'planting.title' };

export default function PlantingsPage() {
  const { plantings, page, hasMore, byCrop, count, choices, years, canWrite, showCooperative, isOfficial } =
    useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const shownIn = useWeightUnit();
  const [params] = useSearchParams();
  const village = namesOf(choices.villages);
  const cropChoices =
    lng === 'en' ? choices.crops.map((c) => ({ value: c.value, label: c.labelEn })) : choices.crops;
  const crop = namesOf(cropChoices);
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
        {select('crop', t('planting.crop'), t('planting.allCrops'), cropChoices)}
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
        cards
        head={
          <tr>
            <th>{t('planting.villageCrop')}</th>
            <th className="num">{t('planting.areaMu')}</th>
            <th>{t('planting.plotName')}</th>
            <th>{t('planting.plantedOn')}</th>
            {showCooperative ? <th>{t('planting.cooperative')}</th> : null}
            <th className="num">{t('planting.households')}</th>
            <th className="num">{t('planting.harvested')}</th>
            <th>{t('planting.ref')}</th>
          </tr>
        }
      >
        {plantings.length === 0 ? <EmptyRow colSpan={8} /> : null}
        {plantings.map((p) => (
          <tr key={p.id}>
            <Cell label={t('planting.villageCrop')}>
              <Link to={`/plantings/${p.id}`}>
                {village[p.villageId] ?? '—'} · {crop[p.productId] ?? '—'}
              </Link>
            </Cell>
            <Cell label={t('planting.areaMu')} num>
              {formatNumber(lng, p.areaMu)}
            </Cell>
            <Cell label={t('planting.plotName')}>{p.plotName || '—'}</Cell>
            <Cell label={t('planting.plantedOn')}>{formatDate(lng, p.plantedOn)}</Cell>
            {showCooperative ? <Cell label={t('planting.cooperative')}>{coop[p.orgId] ?? '—'}</Cell> : null}
            <Cell label={t('planting.households')} num>
              {formatNumber(lng, p.households)}
            </Cell>
            <Cell label={t('planting.harvested')} num>
              {formatWeight(lng, p.harvestedKg, 'kg', shownIn)}
            </Cell>
            <Cell label={t('planting.ref')}>
              <span className="muted">{p.ref}</span>
            </Cell>
          </tr>
        ))}
      </Table>
      <Pager page={page} hasMore={hasMore} />
      <h2>{t('planting.totals', { count })}</h2>
      <Table
        cards
        head={
          <tr>
            <th>{t('planting.crop')}</th>
            <th className="num">{t('planting.plantingCount')}</th>
            <th className="num">{t('planting.areaMu')}</th>
            <th className="num">{t('planting.households')}</th>
            <th className="num">{t('planting.harvested')}</th>
          </tr>
        }
      >
        {byCrop.length === 0 ? <EmptyRow colSpan={5} /> : null}
        {byCrop.map((c) => (
          <tr key={c.productId}>
            <Cell label={t('planting.crop')}>{crop[c.productId] ?? '—'}</Cell>
            <Cell label={t('planting.plantingCount')} num>
              {formatNumber(lng, c.count)}
            </Cell>
            <Cell label={t('planting.areaMu')} num>
              {formatNumber(lng, c.areaMu)}
            </Cell>
            <Cell label={t('planting.households')} num>
              {formatNumber(lng, c.households)}
            </Cell>
            <Cell label={t('planting.harvested')} num>
              {formatWeight(lng, c.harvestedKg, 'kg', shownIn)}
            </Cell>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
