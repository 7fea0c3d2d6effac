// 设备令牌 of a carrier (or a plant's cold store), issued by an official: the same tokens the
// organization issues itself, bound to it, shown once; revoked here too.
import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
} from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { deviceTokensOf, issueDeviceTokenCommand, revokeDeviceTokenCommand } from '#models/coldchain';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TokensView } from '~/components/tokens-view';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { TokenSchema } from '~/schemas/master-data';
import { requireUser } from '~/utils/auth.server';
import { callerOf, execute, formRefusal } from '~/utils/commands.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { intentOf, invalid, parseSubmission, readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'organization');
  const found = await deviceTokensOf(scope, idParam(params));
  if (!found) notFound();
  return found;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'organization');
  const orgId = String(idParam(params));
  const form = await readForm(request);
  const caller = callerOf(user, form);
  if (intentOf(form, ['issue', 'revoke'] as const) === 'revoke') {
    const outcome = await execute(revokeDeviceTokenCommand, caller, {
      orgId,
      id: String(form.get('id') ?? ''),
    });
    if (!outcome.ok) notFound();
    return redirectWithFlash(`/organizations/${orgId}/devices`, 'token.revokedOk');
  }
  const submission = parseSubmission(form, TokenSchema);
  if (submission.status !== 'success') return invalid(submission);
  const outcome = await execute(issueDeviceTokenCommand, caller, { orgId, name: submission.value.name });
  if (!outcome.ok) return formRefusal(submission, outcome);
  return data(
    { result: submission.reply({ resetForm: true }), token: outcome.value.token },
    { status: 201, headers: { 'Cache-Control': 'no-store' } },
  );
}

export const handle: PageHandle = { title: 'nav.deviceTokens' };
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' });

export default function DeviceTokensPage() {
  const { org, tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <BackLink to={`/organizations/${org.id}`}>{org.name}</BackLink>
      <TokensView
        title={`${t('nav.deviceTokens')} · ${org.name}`}
        hint={t('token.deviceHint')}
        tokens={tokens}
        lastResult={actionData?.result}
        issued={actionData && 'token' in actionData ? String(actionData.token) : null}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
