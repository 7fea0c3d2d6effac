import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { Types } from 'mongoose';
import { checkPlantingRefs, getPlanting, updatePlanting } from '#models/field';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { PlantingForm } from '~/components/forms/planting-form';
import { BackLink } from '~/components/ui/record-page';
import { PlantingSchema } from '~/schemas/planting';
import { actorOf, requireUser } from '~/utils/auth.server';
import { shanghaiDateString } from '~/utils/format';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { plantingChoices } from '~/utils/plantings.server';
import { idParam } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'planting');
  const planting = await getPlanting(scope, idParam(params));
  if (!planting) notFound();
  return { planting, choices: await plantingChoices(user) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'planting');
  const id = idParam(params);
  const { formData, submission } = await parseForm(request, PlantingSchema);
  if (submission.status !== 'success') return invalid(submission);
  const input = submission.value;
  const refs = await checkPlantingRefs(
    scope.townId!,
    new Types.ObjectId(input.villageId),
    new Types.ObjectId(input.productId),
    scope.orgId!,
  );
  if (Object.keys(refs).length) return invalid(submission, refs);
  const saved = await saveForm(submission, () => updatePlanting(scope, id, input, actorOf(user, formData)));
  if (!saved.ok) return saved.response;
  const result = saved.value;
  if (!result) notFound();
  if (!result.ok) return invalid(submission, { [result.field ?? '']: [result.error] });
  return redirectWithFlash(`/plantings/${id}`, 'common.saved');
}

export const handle: PageHandle = { title: 'planting.edit' };

export default function EditPlantingPage() {
  const { planting, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <BackLink to={`/plantings/${planting.id}`}>{planting.ref}</BackLink>
      <h1>{t('planting.edit')}</h1>
      <PlantingForm
        lastResult={actionData?.result}
        villages={choices.villages}
        crops={choices.crops}
        defaultValue={{
          ...planting,
          plantedOn: shanghaiDateString(planting.plantedOn),
          expectedHarvestOn: planting.expectedHarvestOn
            ? shanghaiDateString(planting.expectedHarvestOn)
            : undefined,
        }}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
