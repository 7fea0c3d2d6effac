// A list of API or device tokens with the form that issues one (shown once) and the revoke
// buttons: an organization's own page (/account/tokens) and an official's for a carrier's devices.
import type { SubmissionResult } from '@conform-to/react';
import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { FormErrors, TextField } from '~/components/ui/form';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import type { TokenSchema } from '~/schemas/master-data';
import { formatDateTime } from '~/utils/format';

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdByName: string;
  createdAt: string | Date;
  lastUsedAt: string | Date | null;
  revokedAt: string | Date | null;
}

export function TokensView({
  title,
  hint,
  tokens,
  lastResult,
  issued,
}: {
  title: string;
  hint: string;
  tokens: TokenRow[];
  lastResult?: SubmissionResult<string[]> | null;
  issued: string | null;
}) {
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof TokenSchema>('token', lastResult);
  return (
    <div className="narrow">
      <h1>{title}</h1>
      <p className="muted">{hint}</p>
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
