import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { HouseholdForm } from '~/components/forms/household-form';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { HouseholdSchema } from '~/schemas/household';
import { requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { orgNames, villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';
import { createHouseholdCommand } from '#models/households';
import { formCommand } from '~/utils/commands.server';
import { readForm } from '~/utils/forms.server';

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
  return formCommand(await readForm(request), user, createHouseholdCommand, HouseholdSchema, {
    done: (household) => [`/households/${household._id}`, 'household.saved'],
  });
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
