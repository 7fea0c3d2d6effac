import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { VillageForm } from '~/components/forms/village-form';
import { BackLink } from '~/components/ui/record-page';
import { VillageSchema } from '~/schemas/master-data';
import { requireUser } from '~/utils/auth.server';
import { requirePermission } from '~/utils/permissions.server';
import type { PageHandle } from '~/utils/page-handle';
import { villageCommands } from '#models/town';
import { recordAction } from '~/utils/commands.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'village');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return recordAction(request, user, villageCommands, { schema: VillageSchema, back: '/master/villages' });
}

export const handle: PageHandle = { title: 'village.new' };

export default function NewVillagePage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <BackLink to="/master/villages">{t('nav.villages')}</BackLink>
      <h1>{t('village.new')}</h1>
      <VillageForm lastResult={actionData?.result} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
