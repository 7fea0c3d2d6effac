import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { plantingDefaults } from '#models/field';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { PlantingForm } from '~/components/forms/planting-form';
import { BackLink } from '~/components/ui/record-page';
import { PlantingSchema } from '~/schemas/planting';
import { requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { requirePermission } from '~/utils/permissions.server';
import { plantingChoices } from '~/utils/plantings.server';
import type { PageHandle } from '~/utils/page-handle';
import { createPlantingCommand } from '#models/field';
import { formCommand } from '~/utils/commands.server';
import { readForm } from '~/utils/forms.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'planting');
  const [choices, defaults] = await Promise.all([
    plantingChoices(user, { servedOnly: true }),
    plantingDefaults(user.orgId),
  ]);
  // the village it serves, the crop it grows, today: nothing the app knows is asked again
  return { choices, defaults: { ...defaults, plantedOn: todayInShanghai() } };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return formCommand(await readForm(request), user, createPlantingCommand, PlantingSchema, {
    done: (planting) => [`/plantings/${planting._id}`, 'planting.saved'],
  });
}

export const handle: PageHandle = { title: 'planting.new' };

export default function NewPlantingPage() {
  const { choices, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <BackLink to="/plantings">{t('planting.title')}</BackLink>
      <h1>{t('planting.new')}</h1>
      <PlantingForm
        lastResult={actionData?.result}
        villages={choices.villages}
        crops={choices.crops}
        defaultValue={defaults}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
