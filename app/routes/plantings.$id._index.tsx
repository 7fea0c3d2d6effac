import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { getPlanting, listHarvestsOfPlanting, recordHarvest } from '#models/planting';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { HarvestForm } from '~/components/forms/harvest-form';
import { BackLink, EmptyRow, Table } from '~/components/ui/record-page';
import { HarvestSchema } from '~/schemas/planting';
import { actorOf, requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDate, formatNumber } from '~/utils/format';
import { invalid, parseForm } from '~/utils/forms.server';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { namesOf, plantingChoices } from '~/utils/plantings.server';
import { idParam } from '~/utils/records.server';
import { useLanguage } from '~/utils/use-language';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'planting');
  const planting = await getPlanting(scope, idParam(params));
  if (!planting) notFound();
  const [harvests, choices] = await Promise.all([
    listHarvestsOfPlanting(idParam(params)),
    plantingChoices(user),
  ]);
  const canWrite = can(user, 'write', 'harvest') && planting.orgId === String(user.orgId);
  // links only where the user may follow them
  const canSeeHistory = can(user, 'read', 'audit');
  return {
    planting,
    harvests,
    names: {
      village: namesOf(choices.villages)[planting.villageId] ?? '—',
      crop: namesOf(choices.crops)[planting.productId] ?? '—',
      cooperative: namesOf(choices.cooperatives)[planting.orgId] ?? '—',
    },
    canWrite,
    canSeeHistory,
    today: todayInShanghai(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'harvest');
  const { formData, submission } = await parseForm(request, HarvestSchema);
  if (submission.status !== 'success') return invalid(submission);
  const result = await recordHarvest(scope, idParam(params), submission.value, actorOf(user, formData));
  if (!result) notFound();
  if (!result.ok) return invalid(submission, result.errors);
  return redirectWithFlash(
    `/lots/${result.lotCode}`,
    `harvest.saved|${JSON.stringify({ code: result.lotCode })}`,
  );
}

export default function PlantingPage() {
  const { planting, harvests, names, canWrite, canSeeHistory, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <>
      <BackLink to="/plantings">{t('planting.title')}</BackLink>
      <h1>
        {names.village} · {names.crop} · {formatNumber(lng, planting.areaMu)} {t('unit.mu')}
      </h1>
      <dl className="props card">
        <dt>{t('planting.ref')}</dt>
        <dd>{planting.ref}</dd>
        <dt>{t('planting.cooperative')}</dt>
        <dd>{names.cooperative}</dd>
        <dt>{t('planting.plantedOn')}</dt>
        <dd>{formatDate(lng, planting.plantedOn)}</dd>
        <dt>{t('planting.expectedHarvestOn')}</dt>
        <dd>{formatDate(lng, planting.expectedHarvestOn)}</dd>
        <dt>{t('planting.season')}</dt>
        <dd>{planting.season}</dd>
        <dt>{t('planting.households')}</dt>
        <dd>{formatNumber(lng, planting.households)}</dd>
        <dt>{t('planting.plotName')}</dt>
        <dd>{planting.plotName || '—'}</dd>
        <dt>{t('planting.harvestedKg')}</dt>
        <dd>{formatNumber(lng, planting.harvestedKg)}</dd>
        <dt>{t('planting.yield')}</dt>
        <dd>{formatNumber(lng, planting.harvestedKg / planting.areaMu, 0)}</dd>
        {planting.notes ? (
          <>
            <dt>{t('planting.notes')}</dt>
            <dd>{planting.notes}</dd>
          </>
        ) : null}
      </dl>
      {canWrite || canSeeHistory ? (
        <div className="actions">
          {canWrite ? <Link to={`/plantings/${planting.id}/edit`}>{t('planting.edit')}</Link> : null}
          {canSeeHistory ? <Link to={`/audit?recordId=${planting.id}`}>{t('audit.history')}</Link> : null}
        </div>
      ) : null}
      <h2>{t('planting.harvests')}</h2>
      <Table
        head={
          <tr>
            <th>{t('harvest.harvestedOn')}</th>
            <th className="num">{t('harvest.quantity')}</th>
            <th className="num">{t('harvest.quantityKg')}</th>
            <th>{t('harvest.grade')}</th>
            <th>{t('harvest.lot')}</th>
            <th>{t('harvest.flag')}</th>
          </tr>
        }
      >
        {harvests.length === 0 ? <EmptyRow colSpan={6} /> : null}
        {harvests.map((h) => (
          <tr key={h.id}>
            <td>
              {canWrite ? (
                <Link to={`/harvests/${h.id}`}>{formatDate(lng, h.harvestedOn)}</Link>
              ) : (
                formatDate(lng, h.harvestedOn)
              )}
            </td>
            <td className="num">
              {formatNumber(lng, h.enteredQuantity)} {t(`harvest.units.${h.enteredUnit}`)}
            </td>
            <td className="num">{formatNumber(lng, h.quantityKg)}</td>
            <td>{t(`harvest.grades.${h.grade}`)}</td>
            <td>
              <Link to={`/lots/${h.lotCode}`}>{h.lotCode}</Link>
            </td>
            <td>{h.flag ? <span className="badge warn">{t(`harvest.flags.${h.flag}`)}</span> : null}</td>
          </tr>
        ))}
      </Table>
      {canWrite ? (
        <>
          <h2>{t('planting.recordHarvest')}</h2>
          <HarvestForm
            lastResult={actionData?.result}
            submitLabel={t('planting.recordHarvest')}
            defaultValue={{ harvestedOn: today, unit: 'kg', grade: 'mixed' }}
          />
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
