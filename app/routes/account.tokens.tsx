// An enterprise's API tokens: issue one (shown once), see when each was last used, revoke.
import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { listTokens } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextField } from '~/components/ui/form';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDateTime } from '~/utils/format';
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
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof TokenSchema>('token', actionData?.result);
  const issued = actionData && 'token' in actionData ? String(actionData.token) : null;
  return (
    <div className="narrow">
      <h1>{t('token.title')}</h1>
      <p className="muted">{t('token.hint')}</p>
      {issued ? (
        <section className="card" role="status">
          <p>{t('token.issued')}</p>
          <p>
            <code className="secret">{issued}</code>
          </p>
        </section>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="card">
        <FormGuard form="token" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField meta={fields.name} label={t('token.name')} autoComplete="off" />
        <SubmitButton name="intent" value="issue">
          {t('token.issue')}
        </SubmitButton>
      </Form>
      <Table
        cards
        head={
          <tr>
            <th>{t('token.name')}</th>
            <th>{t('token.prefix')}</th>
            <th>{t('token.createdBy')}</th>
            <th>{t('token.lastUsed')}</th>
            <th>{t('delivery.status')}</th>
          </tr>
        }
      >
        {tokens.length === 0 ? <EmptyRow colSpan={5} /> : null}
        {tokens.map((k) => (
          <tr key={k.id}>
            <td>{k.name}</td>
            <Cell label={t('token.prefix')}>
              <code>{k.prefix}…</code>
            </Cell>
            <Cell label={t('token.createdBy')}>
              {k.createdByName} · {formatDateTime(lng, k.createdAt)}
            </Cell>
            <Cell label={t('token.lastUsed')}>
              {k.lastUsedAt ? formatDateTime(lng, k.lastUsedAt) : t('token.never')}
            </Cell>
            <Cell label={t('delivery.status')}>
              {k.revokedAt ? (
                t('token.revoked')
              ) : (
                <Form method="post" className="inline">
                  <FormGuard form={`revoke${k.id.slice(-6)}`} />
                  <input type="hidden" name="id" value={k.id} />
                  {t('token.active')}{' '}
                  <SubmitButton name="intent" value="revoke" className="secondary small">
                    {t('token.revoke')}
                  </SubmitButton>
                </Form>
              )}
            </Cell>
          </tr>
        ))}
      </Table>
      <p className="muted">{t('token.docs')}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
