// 消息推送: where the organization's alerts go besides the app — its 企业微信 and DingTalk group
// robots and JSON webhooks — and every message sent or waiting, with its last error; a message
// that failed is sent again by hand. Officials see the town's messages that failed.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import {
  addWebhookCommand,
  listOutbox,
  listWebhooks,
  removeWebhookCommand,
  resendMessageCommand,
} from '#models/outbox';
import { WEBHOOK_KINDS } from '~/domain/cold-chain';
import { WebhookInput } from '~/schemas/coldchain';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, SelectField, TextField } from '~/components/ui/form';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { buttonRefusal, callerOf, execute, formRefusal } from '~/utils/commands.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDateTime } from '~/utils/format';
import { intentOf, invalid, parseSubmission, readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, notFound, requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'webhook');
  const own = scope.access === 'own';
  return {
    webhooks: own ? await listWebhooks(scope) : [],
    messages: await listOutbox(scope, own ? {} : { state: 'failed' }),
    canWrite: own && can(user, 'write', 'webhook'),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'webhook');
  const form = await readForm(request);
  const intent = intentOf(form, ['add', 'remove', 'resend'] as const);
  if (!intent) notFound();
  const caller = callerOf(user, form);
  if (intent === 'add') {
    const submission = parseSubmission(form, WebhookInput);
    if (submission.status !== 'success') return invalid(submission);
    const outcome = await execute(addWebhookCommand, caller, submission.value);
    return outcome.ok ? redirectWithFlash('/outbox', 'webhook.added') : formRefusal(submission, outcome);
  }
  const id = String(form.get('id') ?? '');
  const outcome = await execute(intent === 'remove' ? removeWebhookCommand : resendMessageCommand, caller, {
    id,
  });
  if (!outcome.ok) return buttonRefusal('/outbox', outcome);
  return redirectWithFlash('/outbox', intent === 'remove' ? 'webhook.removed' : 'outbox.resent');
}

export const handle: PageHandle = { words: ['coldchain'], title: 'nav.outbox' };

export default function OutboxPage() {
  const { webhooks, messages, canWrite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof WebhookInput>('webhook', actionData?.result);
  return (
    <>
      <h1>{t('nav.outbox')}</h1>
      {canWrite ? (
        <>
          <h2>{t('webhook.title')}</h2>
          <ul className="plain" data-list="webhooks">
            {webhooks.length === 0 ? <li className="muted">{t('webhook.none')}</li> : null}
            {webhooks.map((w) => (
              <li key={w.id}>
                <strong>{w.name}</strong> · {t(`webhook.kinds.${w.kind}`)} · <code>{w.url}</code>
                {w.signed ? ` · ${t('webhook.signed')}` : ''}
                <Form method="post" className="inline">
                  <FormGuard form={`remove-${w.id}`} />
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="id" value={w.id} />
                  <SubmitButton className="secondary">{t('webhook.remove')}</SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
          <Form method="post" {...getFormProps(form)} className="card">
            <FormGuard form="webhook" />
            <input type="hidden" name="intent" value="add" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <div className="grid">
              <SelectField
                meta={fields.kind}
                label={t('webhook.kind')}
                options={WEBHOOK_KINDS.map((k) => ({ value: k, label: t(`webhook.kinds.${k}`) }))}
              />
              <TextField
                meta={fields.name}
                label={t('webhook.name')}
                placeholder={t('webhook.namePlaceholder')}
              />
            </div>
            <TextField
              meta={fields.url}
              label={t('webhook.url')}
              hint={t('webhook.urlHint')}
              autoComplete="off"
            />
            <TextField
              meta={fields.secret}
              label={t('webhook.secret')}
              hint={t('webhook.secretHint')}
              autoComplete="off"
            />
            <SubmitButton>{t('webhook.add')}</SubmitButton>
          </Form>
        </>
      ) : null}
      <h2>{t('outbox.messages')}</h2>
      <p className="hint">{t('outbox.hint')}</p>
      <Table
        cards
        head={
          <tr>
            <th>{t('outbox.state')}</th>
            <th>{t('outbox.title')}</th>
            <th>{t('outbox.webhook')}</th>
            <th>{t('outbox.attempts')}</th>
            <th>{t('outbox.lastError')}</th>
            <th />
          </tr>
        }
      >
        {messages.length === 0 ? <EmptyRow colSpan={6} /> : null}
        {messages.map((m) => (
          <tr key={m.id} data-state={m.state}>
            <Cell label={t('outbox.state')} status>
              <span className={m.state === 'failed' ? 'badge flag' : 'badge'}>
                {t(`outbox.states.${m.state}`)}
              </span>{' '}
              {m.state === 'sent'
                ? formatDateTime(lng, m.sentAt)
                : m.state === 'pending'
                  ? t('outbox.next', { at: formatDateTime(lng, m.nextAttemptAt) })
                  : ''}
            </Cell>
            <Cell label={t('outbox.title')} wrap>
              {m.title}
            </Cell>
            <Cell label={t('outbox.webhook')}>
              {m.webhook} · {t(`webhook.kinds.${m.kind}`)}
            </Cell>
            <Cell label={t('outbox.attempts')}>{m.attempts}</Cell>
            <Cell label={t('outbox.lastError')} wrap>
              {m.lastError
                ? `${m.lastError.code}${m.lastError.message ? ` ${m.lastError.message}` : ''}`
                : '—'}
            </Cell>
            <Cell label="">
              {canWrite && m.state !== 'sent' ? (
                <Form method="post">
                  <FormGuard form={`resend-${m.id}`} />
                  <input type="hidden" name="intent" value="resend" />
                  <input type="hidden" name="id" value={m.id} />
                  <SubmitButton className="secondary">{t('outbox.resend')}</SubmitButton>
                </Form>
              ) : null}
            </Cell>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
