// An organization's API (or device) tokens: issue one (shown once), see when each was last used, revoke.
import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
} from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { TokensView } from '~/components/tokens-view';
import { listTokens } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { intentOf, invalid, parseSubmission, readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { issueTokenCommand, revokeTokenCommand } from '#models/town';
import { TokenSchema } from '~/schemas/master-data';
import { callerOf, execute, submitCommand } from '~/utils/commands.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'read', 'token');
  return { tokens: await listTokens(user.orgId) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'token');
  const form = await readForm(request);
  const caller = callerOf(user, form);
  if (intentOf(form, ['issue', 'revoke'] as const) === 'revoke') {
    const outcome = await execute(revokeTokenCommand, caller, { id: String(form.get('id') ?? '') });
    if (!outcome.ok) notFound();
    return redirectWithFlash('/account/tokens', 'token.revokedOk');
  }
  const submission = parseSubmission(form, TokenSchema);
  if (submission.status !== 'success') return invalid(submission);
  const saved = await submitCommand(issueTokenCommand, caller, submission);
  if (!saved.ok) return saved.response;
  // 201 with the token, shown this once: the answer is not cached, the token never stored in clear
  return data(
    { result: submission.reply({ resetForm: true }), token: saved.value.token },
    { status: 201, headers: { 'Cache-Control': 'no-store' } },
  );
}

export const handle: PageHandle = { title: 'token.title' };

// the page itself, which shows a new token once after issuing it, is never kept by a cache
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' });

export default function TokensPage() {
  const { tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <TokensView
      title={t('token.title')}
      hint={t('token.hint')}
      tokens={tokens}
      lastResult={actionData?.result}
      issued={actionData && 'token' in actionData ? String(actionData.token) : null}
    />
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
