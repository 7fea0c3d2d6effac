import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { raiseProblem } from '#models/oversight';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ProblemForm } from '~/components/forms/problem-forms';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { ProblemSchema } from '~/schemas/target';
import { actorOf, requireUser, type SessionUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import { villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';

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
  const scope = requirePermission(user, 'write', 'problem');
  const { formData, submission } = await parseForm(request, ProblemSchema);
  if (submission.status !== 'success') return invalid(submission);
  const villages = await villageNames(user.townId);
  if (submission.value.villageId && !(submission.value.villageId in villages.names)) {
    return invalid(submission, { villageId: ['v.invalidChoice'] });
  }
  const saved = await saveForm(submission, () =>
    raiseProblem(
      { townId: scope.townId!, orgId: user.orgId, raisedBy: `${user.displayName} · ${user.orgName}` },
      submission.value,
      actorOf(user, formData),
    ),
  );
  if (!saved.ok) return saved.response;
  return redirectWithFlash(`/problems/${saved.value._id}`, 'problem.saved');
}

export const handle: PageHandle = { title: 'problem.new' };

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
