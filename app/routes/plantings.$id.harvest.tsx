// Recording a harvest: the page a cooperative's home links each planting to. Everything the
// app knows is filled in (today, the unit and grade used last time); the clerk types the
// quantity and taps once.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getPlanting, harvestDefaults } from '#models/field';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { HarvestForm } from '~/components/forms/harvest-form';
import { BackLink } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { formatQuantity } from '~/utils/format';
import { readForm } from '~/utils/forms.server';
import { recordHarvestFromForm } from '~/utils/harvests.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { plantingNames } from '~/utils/plantings.server';
import { idParam } from '~/utils/records.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'harvest');
  const planting = await getPlanting(scope, idParam(params));
  if (!planting) notFound();
  const [names, defaults] = await Promise.all([
    plantingNames(user, planting),
    harvestDefaults(user.orgId, user.weightUnit),
  ]);
  return { planting, names, defaults: { ...defaults, harvestedOn: todayInShanghai() } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return recordHarvestFromForm(user, idParam(params), await readForm(request));
}

export const handle: PageHandle = {
  title: (t, lng, d) =>
    d
      ? `${t('planting.recordHarvest')} · ${d.names.village} ${d.names.crop[lng]}`
      : t('planting.recordHarvest'),
};

export default function RecordHarvestPage() {
  const { planting, names, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <div className="narrow">
      <BackLink to={`/plantings/${planting.id}`}>{t('planting.title')}</BackLink>
      <h1>{t('planting.recordHarvest')}</h1>
      <p className="muted">
        {names.village} · {names.crop[lng]} · {formatQuantity(lng, planting.areaMu, 'mu')}
        {planting.plotName ? ` · ${planting.plotName}` : ''}
      </p>
      <HarvestForm
        lastResult={actionData?.result}
        submitLabel={t('planting.recordHarvest')}
        defaultValue={defaults}
        focusQuantity
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
