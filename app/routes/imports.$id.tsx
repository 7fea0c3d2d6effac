import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { useTranslation } from '~/i18n/react';
import { toObjectId, getImport } from '#models/kernel';
import { importKind } from '~/utils/imports/index.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { translateMessage } from '~/components/ui/form';
import { requireUser } from '~/utils/auth.server';
import { notFound } from '~/utils/permissions.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = toObjectId(params.id);
  if (!id || !user.townId) notFound();
  const job = await getImport({ access: 'own', townId: user.townId, orgId: user.orgId }, id);
  if (!job) notFound();
  // what a finished import created, each a link
  const created = job.status === 'complete' ? ((await importKind(job.kind)?.created(id, 200)) ?? []) : [];
  return { job, created };
}

const RUNNING = new Set(['writing', 'committing']);

// Without JavaScript the page refreshes itself while the import runs.
export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data && RUNNING.has(data.job.status) ? [{ httpEquiv: 'refresh', content: '2' }] : [];

export const handle: PageHandle = {
  scripts: false,
  title: (t, _lng, d) => d && `${t(`import.kinds.${d.job.kind}`)} · ${d.job.fileName}`,
};

export default function ImportPage() {
  const { job, created } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const running = RUNNING.has(job.status);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  return (
    <>
      <p>
        <Link to="/imports">← {t('import.title')}</Link>
      </p>
      <h1>
        {t(`import.kinds.${job.kind}`)} · {job.fileName}
      </h1>
      <dl className="props card">
        <dt>{t('import.status')}</dt>
        <dd>
          <strong data-status={job.status}>{t(`import.statuses.${job.status}`)}</strong>
        </dd>
        <dt>{t('import.rows')}</dt>
        <dd>{job.rowCount}</dd>
        <dt>{t('import.encoding')}</dt>
        <dd>{job.encoding}</dd>
      </dl>
      {running ? (
        <p role="status">
          <progress max={job.rowCount} value={job.written} />{' '}
          {t('import.progress', { written: job.written, total: job.rowCount })}
        </p>
      ) : null}
      {job.status === 'complete' ? (
        <>
          <p role="status">{t('import.doneMessage', { count: job.rowCount })}</p>
          <h2>{t('import.created')}</h2>
          <ul className="tap-list">
            {created.map((c) => (
              <li key={c.href}>
                <Link to={c.href}>{c.label}</Link>
              </li>
            ))}
          </ul>
          {job.rowCount > created.length ? (
            <p className="muted">{t('import.createdTruncated', { shown: created.length })}</p>
          ) : null}
        </>
      ) : null}
      {job.errors.length > 0 ? (
        <>
          <p className="form-errors" role="alert">
            {job.status === 'invalid'
              ? t('import.errorsTitle', { count: job.errorCount })
              : translateMessage(t, job.errors[0].message)}
          </p>
          {job.errorCount > job.errors.length ? (
            <p className="muted">{t('import.errorsTruncated', { shown: job.errors.length })}</p>
          ) : null}
          {job.status === 'invalid' ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th className="num">{t('import.line')}</th>
                    <th>{t('import.column')}</th>
                    <th>{t('import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {job.errors.map((e, i) => (
                    <tr key={i}>
                      <td className="num">{e.line}</td>
                      <td>{e.column}</td>
                      <td>{translateMessage(t, e.message)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
