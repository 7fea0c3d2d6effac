import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getPlanting, listHarvestsOfPlanting } from '#models/field';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { BackLink, Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDate, formatNumber, formatQuantity, formatWeight, type Unit } from '~/utils/format';
import { useWeightUnit } from '~/utils/use-weight-unit';
import { intentOf, readForm } from '~/utils/forms.server';
import { recordHarvestFromForm } from '~/utils/harvests.server';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { plantingNames } from '~/utils/plantings.server';
import { idParam } from '~/utils/records.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';
import { finishPlantingCommand } from '#models/field';
import { buttonRefusal, callerOf, execute } from '~/utils/commands.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'planting');
  const planting = await getPlanting(scope, idParam(params));
  if (!planting) notFound();
  const [harvests, names] = await Promise.all([
    listHarvestsOfPlanting(idParam(params)),
    plantingNames(user, planting),
  ]);
  const canWrite = can(user, 'write', 'harvest') && planting.orgId === String(user.orgId);
  // links only where the user may follow them
  const canSeeHistory = can(user, 'read', 'audit');
  return {
    planting,
    harvests,
    names,
    canWrite,
    canSeeHistory,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  const form = await readForm(request);
  const intent = intentOf(form, ['finish', 'reopen'] as const);
  if (!intent) return recordHarvestFromForm(user, id, form);
  // the harvest of this planting is over (or not after all)
  requirePermission(user, ...finishPlantingCommand.permission);
  const here = `/plantings/${id}`;
  const outcome = await execute(finishPlantingCommand, callerOf(user, form), {
    id: String(id),
    finished: intent === 'finish',
  });
  if (!outcome.ok) return buttonRefusal(here, outcome);
  return redirectWithFlash(here, intent === 'finish' ? 'planting.finishedOk' : 'planting.reopenedOk');
}

export const handle: PageHandle = { title: (_t, lng, d) => d && `${d.names.village} · ${d.names.crop[lng]}` };

export default function PlantingPage() {
  const { planting, harvests, names, canWrite, canSeeHistory } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const shownIn = useWeightUnit();
  return (
    <>
      <BackLink to="/plantings">{t('planting.title')}</BackLink>
      <h1>
        {names.village} · {names.crop[lng]} · {formatQuantity(lng, planting.areaMu, 'mu')}
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
        <dt>{t('planting.harvested')}</dt>
        <dd>{formatWeight(lng, planting.harvestedKg, 'kg', shownIn)}</dd>
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
          {canWrite ? (
            <Link to={`/plantings/${planting.id}/harvest`} className="button">
              {t('planting.recordHarvest')}
            </Link>
          ) : null}
          {canWrite ? <Link to={`/plantings/${planting.id}/edit`}>{t('planting.edit')}</Link> : null}
          {canSeeHistory ? <Link to={`/audit?recordId=${planting.id}`}>{t('audit.history')}</Link> : null}
        </div>
      ) : null}
      {canWrite ? (
        <Form method="post" className="card">
          <FormGuard form="finish" />
          <p className="muted">{t(planting.finishedAt ? 'planting.finishedHint' : 'planting.finishHint')}</p>
          <SubmitButton name="intent" value={planting.finishedAt ? 'reopen' : 'finish'} className="secondary">
            {t(planting.finishedAt ? 'planting.reopen' : 'planting.finish')}
          </SubmitButton>
        </Form>
      ) : null}
      <h2>{t('planting.harvests')}</h2>
      <Table
        cards
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
            <Cell label={t('harvest.quantity')} num>
              {formatQuantity(lng, h.enteredQuantity, h.enteredUnit as Unit)}
            </Cell>
            <Cell label={t('harvest.quantityKg')} num>
              {formatNumber(lng, h.quantityKg)}
            </Cell>
            <Cell label={t('harvest.grade')}>{t(`harvest.grades.${h.grade}`)}</Cell>
            <Cell label={t('harvest.lot')}>
              <Link to={`/lots/${h.lotCode}`}>{h.lotCode}</Link>
            </Cell>
            <Cell label={t('harvest.flag')}>
              {h.flag ? (
                <span className="badge warn">
                  {t(`harvest.flags.${h.flag}`)}
                  {h.flagCheck ? ` · ${t('harvest.flagChecked')}` : ''}
                </span>
              ) : (
                '—'
              )}
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
