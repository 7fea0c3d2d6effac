import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ProblemForm } from '~/components/forms/problem-forms';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { ProblemSchema } from '~/schemas/target';
import { requireUser, type SessionUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';
import { raiseProblemCommand } from '#models/oversight';
import { formCommand } from '~/utils/commands.server';
import { readForm } from '~/utils/forms.server';

/** How a role's problems usually come in. */
const sourceOf = (user: SessionUser) =>
  user.role === 'cooperative' ? 'cooperative' : user.role === 'enterprise' ? 'enterprise' : 'meeting';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'problem');
  return {
    villages: (await villageNames(user.townId)).options,
    today: todayInShanghai(),
    source: sourceOf(user),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return formCommand(await readForm(request), user, raiseProblemCommand, ProblemSchema, {
    done: (problem) => [`/problems/${problem._id}`, 'problem.saved'],
  });
}

export const handle: PageHandle = { words: ['dashboard'], title: 'problem.new' };

export default function NewProblemPage() {
  const { villages, today, source } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <BackLink to="/problems">{t('problem.title')}</BackLink>
      <h1>{t('problem.new')}</h1>
      <ProblemForm
        lastResult={actionData?.result}
        villages={villages}
        defaultValue={{ raisedOn: today, source }}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
