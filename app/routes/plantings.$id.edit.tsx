import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getPlanting } from '#models/field';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { PlantingForm } from '~/components/forms/planting-form';
import { BackLink } from '~/components/ui/record-page';
import { PlantingSchema } from '~/schemas/planting';
import { requireUser } from '~/utils/auth.server';
import { shanghaiDateString } from '~/utils/format';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { plantingChoices } from '~/utils/plantings.server';
import { idParam } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';
import { updatePlantingCommand } from '#models/field';
import { formCommand } from '~/utils/commands.server';
import { readForm } from '~/utils/forms.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'planting');
  const planting = await getPlanting(scope, idParam(params));
  if (!planting) notFound();
  return { planting, choices: await plantingChoices(user) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  return formCommand(await readForm(request), user, updatePlantingCommand, PlantingSchema, {
    extra: { id: String(id) },
    done: () => [`/plantings/${id}`, 'common.saved'],
  });
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
