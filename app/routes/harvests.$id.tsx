import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { correctHarvest, getHarvest } from '#models/field';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { HarvestForm } from '~/components/forms/harvest-form';
import { BackLink } from '~/components/ui/record-page';
import { HarvestSchema } from '~/schemas/planting';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { shanghaiDateString } from '~/utils/format';
import { invalid, parseForm } from '~/utils/forms.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'harvest');
  const harvest = await getHarvest(scope, idParam(params));
  if (!harvest) notFound();
  return { harvest };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'harvest');
  const { formData, submission } = await parseForm(request, HarvestSchema);
  if (submission.status !== 'success') return invalid(submission);
  const result = await correctHarvest(scope, idParam(params), submission.value, actorOf(user, formData));
  if (!result) notFound();
  if (!result.ok) return invalid(submission, result.errors);
  return redirectWithFlash(`/lots/${result.lotCode}`, 'harvest.corrected');
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
