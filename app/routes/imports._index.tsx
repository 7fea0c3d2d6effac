import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { listImports } from '#models/kernel';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { translateMessage } from '~/components/ui/form';
// An import writes its rows through its kind's staging (models/kernel/import.ts), all or nothing:
// not yet through commands row by row (docs/decisions/0012).
// eslint-disable-next-line no-restricted-imports
import { actorOf, requireUser, type SessionUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDateTime, formatNumber } from '~/utils/format';
import { importKind, importKinds, recoverOnce } from '~/utils/imports/index.server';
import { readUpload } from '~/utils/imports/request.server';
import { startImport } from '~/utils/imports/run.server';
import { can, requirePermission } from '~/utils/permissions.server';
import { useLanguage } from '~/utils/use-language';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import type { PageHandle } from '~/utils/page-handle';

function allowedKinds(user: SessionUser) {
  return importKinds().filter((k) => can(user, 'write', k.entity));
}

/** Whoever may write at least one importable kind; the org's own import history. */
function requireImporter(user: SessionUser) {
  const kinds = allowedKinds(user);
  if (kinds.length === 0 || !user.townId) throw data({ error: 'forbidden' }, { status: 403 });
  return kinds;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const kinds = requireImporter(user);
  await recoverOnce();
  const jobs = await listImports({ access: 'own', townId: user.townId, orgId: user.orgId });
  return {
    kinds: kinds.map((k) => ({
      name: k.name,
      columns: k.columns.map((c) => ({
        header: c.header,
        required: c.required,
        example: c.example,
        allowed: c.allowed ?? null,
        note: c.note ?? '',
      })),
    })),
    jobs,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requireImporter(user);
  const upload = await readUpload(request);
  if (!upload.ok) return data({ error: upload.error }, { status: 400 });
  const kind = importKind(String(upload.form.get('kind')) as never);
  if (!kind) return data({ error: 'v.invalidChoice', field: 'kind' }, { status: 400 });
  const scope = requirePermission(user, 'write', kind.entity);
  if (!upload.file) return data({ error: 'import.noFile', field: 'file' }, { status: 400 });

  const result = await startImport(
    kind,
    { user, scope, actor: actorOf(user, upload.form), townId: user.townId!, orgId: user.orgId },
    { name: upload.file.name, bytes: new Uint8Array(await upload.file.arrayBuffer()) },
  );
  if (!result.ok) return data({ error: result.error }, { status: 400 });
  return redirectWithFlash(
    `/imports/${result.importId}`,
    result.status === 'invalid' ? 'import.invalidStarted' : 'import.started',
  );
}

export const handle: PageHandle = { title: 'import.title' };

export default function ImportsPage() {
  const { kinds, jobs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <>
      <h1>{t('import.title')}</h1>
      <p className="muted">{t('import.intro')}</p>
      <h2>{t('import.templates')}</h2>
      {kinds.map((k) => (
        <details key={k.name} className="card">
          <summary>
            <strong>{t(`import.kinds.${k.name}`)}</strong> ·{' '}
            <a href={`/imports/template/${k.name}?format=xlsx`}>{t('import.templateXlsx')}</a> ·{' '}
            <a href={`/imports/template/${k.name}?format=csv`}>{t('import.templateCsv')}</a>
          </summary>
          <Table
            cards
            head={
              <tr>
                <th>{t('import.column')}</th>
                <th>{t('import.required')}</th>
                <th>{t('import.example')}</th>
                <th>{t('import.allowed')}</th>
              </tr>
            }
          >
            {k.columns.map((c) => (
              <tr key={c.header}>
                <Cell label={t('import.column')}>{c.header}</Cell>
                <Cell label={t('import.required')}>{c.required ? t('common.yes') : t('common.no')}</Cell>
                <Cell label={t('import.example')}>{c.example || '—'}</Cell>
                <Cell label={t('import.allowed')}>
                  {[c.allowed?.join('、'), c.note].filter(Boolean).join('；') || '—'}
                </Cell>
              </tr>
            ))}
          </Table>
        </details>
      ))}
      <Form method="post" encType="multipart/form-data" className="card">
        <FormGuard form="upload" />
        {actionData?.error ? (
          <div className="form-errors" role="alert" id="import-error">
            {translateMessage(t, actionData.error)}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="import-kind">{t('import.kind')}</label>
          <select id="import-kind" name="kind" required defaultValue={kinds[0]?.name}>
            {kinds.map((k) => (
              <option key={k.name} value={k.name}>
                {t(`import.kinds.${k.name}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            name="file"
            type="file"
            required
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={actionData?.error ? true : undefined}
            aria-describedby={actionData?.error ? 'import-error' : undefined}
          />
        </div>
        <SubmitButton>{t('import.submit')}</SubmitButton>
      </Form>
      <h2>{t('import.history')}</h2>
      <Table
        cards
        head={
          <tr>
            <th>{t('import.fileName')}</th>
            <th>{t('common.createdAt')}</th>
            <th>{t('import.kind')}</th>
            <th className="num">{t('import.rows')}</th>
            <th>{t('import.status')}</th>
          </tr>
        }
      >
        {jobs.length === 0 ? <EmptyRow colSpan={5} /> : null}
        {jobs.map((job) => (
          <tr key={job.id}>
            <Cell label={t('import.fileName')}>
              <Link to={`/imports/${job.id}`} className="wrap">
                {job.fileName || '—'}
              </Link>
            </Cell>
            <Cell label={t('common.createdAt')}>{formatDateTime(lng, job.createdAt)}</Cell>
            <Cell label={t('import.kind')}>{t(`import.kinds.${job.kind}`)}</Cell>
            <Cell label={t('import.rows')} num>
              {formatNumber(lng, job.rowCount)}
            </Cell>
            <Cell label={t('import.status')}>{t(`import.statuses.${job.status}`)}</Cell>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
