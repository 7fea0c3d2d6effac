import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { createTown } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TownForm } from '~/components/forms/town-form';
import { BackLink } from '~/components/ui/record-page';
import { TownSchema } from '~/schemas/master-data';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import { requirePermission } from '~/utils/permissions.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  requirePermission(await requireUser(request), 'write', 'town');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'town');
  const { formData, submission } = await parseForm(request, TownSchema);
  if (submission.status !== 'success') return invalid(submission);
  const saved = await saveForm(submission, () => createTown(submission.value, actorOf(user, formData)), {
    name: 'v.duplicate',
    code: 'v.duplicateCode',
  });
  if (!saved.ok) return saved.response;
  return redirectWithFlash('/admin/towns', 'common.saved');
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
