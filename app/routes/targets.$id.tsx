// One target: its figure over time and the projection, the form to change it, and retiring it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { getTarget } from '#models/oversight';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TargetForm } from '~/components/forms/target-form';
import { ArchiveControls, BackLink, Cell, StatusBadge, Table } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { TargetSchema } from '~/schemas/target';
import { requireUser } from '~/utils/auth.server';
import { projectionText } from '~/utils/dashboard-tables.server';
import { townFigures } from '~/utils/dashboard.server';
import { formatDate, formatNumber } from '~/utils/format';
import { idParam } from '~/utils/records.server';
import { getLanguage } from '~/utils/i18n.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { targetChoices } from '~/utils/targets.server';
import { targetCommands } from '#models/oversight';
import { recordAction } from '~/utils/commands.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'target');
  const target = (await getTarget(scope, idParam(params))) ?? notFound();
  const lng = await getLanguage(request, user.locale);
  const { targets } = await townFigures(scope);
  const measured = targets.find((p) => p.target.id === target.id);
  return {
    target,
    measured: measured
      ? {
          current: measured.current,
          progress: measured.progress,
          series: measured.series,
          projection: projectionText(measured, lng),
        }
      : null,
    canWrite: can(user, 'write', 'target'),
    choices: await targetChoices(user.townId, lng),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  return recordAction(request, user, targetCommands, {
    schema: TargetSchema,
    id,
    back: '/targets',
    to: () => `/targets/${id}`,
  });
}

export const handle: PageHandle = {
  words: ['dashboard'],
  title: (t, _l, d) => d?.target?.title ?? t('target.title'),
};

export default function TargetPage() {
  const { target, measured, canWrite, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const unit = t(`target.units.${target.unit}`);
  return (
    <div className="narrow">
      <BackLink to="/targets">{t('target.title')}</BackLink>
      <h1>
        {target.title} <StatusBadge archivedAt={target.archivedAt} />
      </h1>
      <p>
        {t(`target.metrics.${target.metric}`)} · {t(`target.scopes.${target.scopeKind}`)} ·{' '}
        {formatNumber(lng, target.value, 2)} {unit} · {t('target.deadline')}{' '}
        {formatDate(lng, target.deadline)}
      </p>
      {measured ? (
        <>
          <p data-current={measured.current}>
            {t('target.current')}:{' '}
            <strong>
              {formatNumber(lng, measured.current, 2)} {unit}
            </strong>{' '}
            · {t('target.progress')} {formatNumber(lng, measured.progress * 100, 1)}%
          </p>
          <p className="projection">{measured.projection}</p>
          <p className="muted small">{t('dashboard.method')}</p>
          <h2>{t('target.series')}</h2>
          <Table
            head={
              <tr>
                <th>{t('dashboard.month')}</th>
                <th className="num">{unit}</th>
              </tr>
            }
          >
            {measured.series.slice(-24).map((p) => (
              <tr key={p.label}>
                <Cell label={t('dashboard.month')}>{p.label}</Cell>
                <Cell label={unit} num>
                  {formatNumber(lng, p.value, 2)}
                </Cell>
              </tr>
            ))}
          </Table>
        </>
      ) : null}
      {canWrite && !target.archivedAt ? (
        <>
          <h2>{t('target.edit')}</h2>
          <TargetForm
            lastResult={actionData?.result}
            scopes={choices.scopes}
            products={choices.products}
            defaultValue={{
              title: target.title,
              metric: target.metric,
              scopeKind: target.scopeKind,
              scopeId: target.scopeId ?? undefined,
              productId: target.productId ?? undefined,
              value: target.value,
              baseline: target.baseline,
              baselineOn: target.baselineOn,
              startOn: target.startOn,
              deadline: target.deadline,
              notes: target.notes,
              pinned: target.pinned,
            }}
          />
        </>
      ) : null}
      {canWrite ? <ArchiveControls archivedAt={target.archivedAt} recordId={target.id} /> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
