// Registering an offtake contract: an enterprise drafts its own (and has accepted it by
// writing it), an official registers one on the parties' behalf; the seller accepts on the
// contract's page, and both acceptances make it active.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ContractForm } from '~/components/forms/contract-form';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { ContractSchema } from '~/schemas/contract';
import { requireUser } from '~/utils/auth.server';
import { contractChoices } from '~/utils/contracts.server';
import { todayInShanghai } from '~/utils/dates';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';
import { createContractCommand } from '#models/trade';
import { formCommand } from '~/utils/commands.server';
import { readForm } from '~/utils/forms.server';

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
  return formCommand(await readForm(request), user, createContractCommand, ContractSchema, {
    done: (contract) => [`/contracts/${contract._id}`, 'common.saved'],
  });
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
