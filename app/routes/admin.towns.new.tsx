import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TownForm } from '~/components/forms/town-form';
import { BackLink } from '~/components/ui/record-page';
import { TownSchema } from '~/schemas/master-data';
import { requireUser } from '~/utils/auth.server';
import { requirePermission } from '~/utils/permissions.server';
import type { PageHandle } from '~/utils/page-handle';
import { townCommands } from '#models/town';
import { recordAction } from '~/utils/commands.server';

export async function loader({ request }: LoaderFunctionArgs) {
  requirePermission(await requireUser(request), 'write', 'town');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return recordAction(request, user, townCommands, { schema: TownSchema, back: '/admin/towns' });
}

export const handle: PageHandle = { title: 'town.new' };

export default function NewTownPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <BackLink to="/admin/towns">{t('nav.towns')}</BackLink>
      <h1>{t('town.new')}</h1>
      <TownForm lastResult={actionData?.result} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
