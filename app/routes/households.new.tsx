import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { createHousehold } from '#models/households';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { HouseholdForm } from '~/components/forms/household-form';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { HouseholdSchema } from '~/schemas/household';
import { actorOf, requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import { householdFormErrors, householdFromForm, orgNames, villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'household');
  const [villages, coops] = await Promise.all([
    villageNames(user.townId),
    user.role === 'official' ? orgNames(user.townId, ['cooperative']) : null,
  ]);
  return {
    villages: villages.options,
    cooperatives: coops?.options ?? [],
    official: user.role === 'official',
    today: todayInShanghai(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'household');
  const { formData, submission } = await parseForm(request, HouseholdSchema);
  if (submission.status !== 'success') return invalid(submission);
  const errors = await householdFormErrors(user, submission.value);
  if (errors) return invalid(submission, errors);
  const saved = await saveForm(
    submission,
    () => createHousehold(scope.townId!, householdFromForm(user, submission.value), actorOf(user, formData)),
    { number: 'household.numberUsed', villageId: 'household.numberUsed' },
  );
  if (!saved.ok) return saved.response;
  return redirectWithFlash(`/households/${saved.value._id}`, 'household.saved');
}

export const handle: PageHandle = { title: 'household.new' };

export default function NewHouseholdPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <BackLink to="/households">{t('household.register')}</BackLink>
      <h1>{t('household.new')}</h1>
      <HouseholdForm
        lastResult={actionData?.result}
        villages={d.villages}
        cooperatives={d.cooperatives}
        official={d.official}
        defaultValue={{ members: '1', joinedOn: d.today }}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
