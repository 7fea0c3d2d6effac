// Registering an offtake contract: an enterprise drafts its own (and has accepted it by
// writing it), an official registers one on the parties' behalf; the seller accepts on the
// contract's page, and both acceptances make it active.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { createContract } from '#models/trade';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ContractForm } from '~/components/forms/contract-form';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { ContractSchema } from '~/schemas/contract';
import { actorOf, requireUser } from '~/utils/auth.server';
import { contractChoices, contractFromInput } from '~/utils/contracts.server';
import { todayInShanghai } from '~/utils/dates';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'contract');
  const choices = await contractChoices(user);
  const today = todayInShanghai();
  return {
    choices,
    chooseBuyer: user.role !== 'enterprise',
    defaults: {
      windowStart: today,
      windowEnd: `${today.slice(0, 4)}-12-31`,
      marketRule: 'none',
      ...Object.fromEntries(['grade1', 'grade2', 'grade3', 'mixed'].map((g) => [`${g}Kind`, 'base'])),
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'contract');
  const { formData, submission } = await parseForm(request, ContractSchema);
  if (submission.status !== 'success') return invalid(submission);
  const checked = await contractFromInput(user, submission.value);
  if (!checked.ok) return invalid(submission, checked.errors);
  const saved = await saveForm(submission, () =>
    createContract(
      checked.contract,
      checked.townCode,
      actorOf(user, formData),
      user.role === 'enterprise' ? 'buyer' : null,
    ),
  );
  if (!saved.ok) return saved.response;
  return redirectWithFlash(`/contracts/${saved.value._id}`, 'common.saved');
}

export const handle: PageHandle = { title: 'contract.new' };

export default function NewContractPage() {
  const { choices, chooseBuyer, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <BackLink to="/contracts">{t('contract.title')}</BackLink>
      <h1>{t('contract.new')}</h1>
      <ContractForm
        lastResult={actionData?.result}
        defaultValue={defaults}
        sellers={choices.sellers}
        buyers={choices.buyers}
        products={choices.products}
        chooseBuyer={chooseBuyer}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
