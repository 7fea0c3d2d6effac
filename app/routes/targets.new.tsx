import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { createTarget } from '#models/oversight';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TargetForm } from '~/components/forms/target-form';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { TargetSchema } from '~/schemas/target';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import { getLanguage } from '~/utils/i18n.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';
import { checkTargetRefs, targetChoices } from '~/utils/targets.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'target');
  return targetChoices(user.townId, await getLanguage(request, user.locale));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'target');
  const { formData, submission } = await parseForm(request, TargetSchema);
  if (submission.status !== 'success') return invalid(submission);
  const refs = await checkTargetRefs(scope.townId, submission.value);
  if (Object.keys(refs).length) return invalid(submission, refs);
  const saved = await saveForm(submission, () =>
    createTarget(scope.townId!, submission.value, actorOf(user, formData)),
  );
  if (!saved.ok) return saved.response;
  return redirectWithFlash('/targets', 'common.saved');
}

export const handle: PageHandle = { title: 'target.new' };

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
