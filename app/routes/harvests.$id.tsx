import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getHarvest } from '#models/field';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { HarvestForm } from '~/components/forms/harvest-form';
import { BackLink } from '~/components/ui/record-page';
import { HarvestSchema } from '~/schemas/planting';
import { requireUser } from '~/utils/auth.server';
import { shanghaiDateString } from '~/utils/format';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';
import { correctHarvestCommand } from '#models/field';
import { formCommand } from '~/utils/commands.server';
import { readForm } from '~/utils/forms.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'harvest');
  const harvest = await getHarvest(scope, idParam(params));
  if (!harvest) notFound();
  return { harvest };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return formCommand(await readForm(request), user, correctHarvestCommand, HarvestSchema, {
    extra: { id: String(idParam(params)) },
    done: ({ lotCode }) => [`/lots/${lotCode}`, 'harvest.corrected'],
  });
}

export const handle: PageHandle = {
  title: (t, _lng, d) => d && `${t('harvest.correct')} · ${d.harvest.lotCode}`,
};

export default function CorrectHarvestPage() {
  const { harvest } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <BackLink to={`/plantings/${harvest.plantingId}`}>{t('planting.harvests')}</BackLink>
      <h1>
        {t('harvest.correct')} · {harvest.lotCode}
      </h1>
      <p className="muted">{t('harvest.correctionHint')}</p>
      <HarvestForm
        lastResult={actionData?.result}
        submitLabel={t('action.save')}
        defaultValue={{
          harvestedOn: shanghaiDateString(harvest.harvestedOn),
          quantity: harvest.enteredQuantity,
          unit: harvest.enteredUnit,
          grade: harvest.grade,
          notes: harvest.notes,
        }}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
