import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TargetForm } from '~/components/forms/target-form';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { TargetSchema } from '~/schemas/target';
import { requireUser } from '~/utils/auth.server';
import { getLanguage } from '~/utils/i18n.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';
import { targetChoices } from '~/utils/targets.server';
import { targetCommands } from '#models/oversight';
import { recordAction } from '~/utils/commands.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'target');
  return targetChoices(user.townId, await getLanguage(request, user.locale));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return recordAction(request, user, targetCommands, { schema: TargetSchema, back: '/targets' });
}

export const handle: PageHandle = { words: ['dashboard'], title: 'target.new' };

export default function NewTargetPage() {
  const choices = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <BackLink to="/targets">{t('target.title')}</BackLink>
      <h1>{t('target.new')}</h1>
      <TargetForm lastResult={actionData?.result} scopes={choices.scopes} products={choices.products} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
