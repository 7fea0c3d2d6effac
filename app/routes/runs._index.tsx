// 生产批次: a plant's runs — open ones first with their age (starch settles and dries for days),
// then closed ones with their yield; an owner's runs; the town's for officials, flagged first.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listRuns } from '#models/plant';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Pager, Table } from '~/components/ui/record-page';
import { daysBetween } from '~/domain/delivery';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatNumber, formatWeight } from '~/utils/format';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';
import { pageParam } from '~/utils/records.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'run');
  const page = pageParam(request);
  const [open, closed] = await Promise.all([
    page === 1
      ? listRuns(scope, { status: 'open', limit: 100 })
      : Promise.resolve({ runs: [], names: {} as Record<string, string>, hasMore: false }),
    listRuns(scope, { status: 'closed', page }),
  ]);
  const now = new Date();
  const row = (names: Record<string, string>) => (r: (typeof closed.runs)[number]) => ({
    id: r.id,
    number: r.number,
    plant: names[r.plantOrgId] ?? '—',
    owner: names[r.ownerOrgId] ?? '—',
    toll: r.toll,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
    ageDays: daysBetween(r.openedAt, now),
    inputKg: r.inputKg,
    mainKg: r.outputs.find((o) => o.role === 'main')?.kg ?? null,
    yieldPct: r.yieldPct,
    flagged: r.flagged,
    checked: !!r.flagCheck?.at,
  });
  return {
    canWrite: can(user, 'write', 'run'),
    open: open.runs.map(row(open.names)),
    closed: closed.runs.map(row(closed.names)),
    page,
    hasMore: closed.hasMore,
  };
}

export const handle: PageHandle = { words: ['plant'], scripts: false, title: 'run.title' };

export default function RunsPage() {
  const { open, closed, canWrite, page, hasMore } = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const kg = (v: number | null) => (v === null ? '—' : formatWeight(lng, v, 'kg', 'kg'));
  return (
    <>
      <h1>{t('run.title')}</h1>
      {canWrite ? (
        <div className="actions">
          <Link to="/runs/new" className="button">
            {t('run.new')}
          </Link>
          <Link to="/intake">{t('intake.title')}</Link>
        </div>
      ) : null}
      <h2 id="open-runs">{t('run.openRuns')}</h2>
      {open.length === 0 ? (
        <p className="muted">{t('run.noneOpen')}</p>
      ) : (
        <ul className="tap-list" aria-labelledby="open-runs" data-list="open-runs">
          {open.map((r) => (
            <li key={r.id}>
              <Link to={`/runs/${r.id}`}>
                <strong>{r.number}</strong> · {kg(r.inputKg)} · {t('run.ageDays', { count: r.ageDays })}
                <span className="muted">
                  {formatDate(lng, r.openedAt)} · {r.owner}
                  {r.toll ? ` · ${t('run.toll')}` : ''}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('run.closedRuns')}</h2>
      <Table
        cards
        head={
          <tr>
            <th>{t('run.number')}</th>
            <th>{t('run.closedAt')}</th>
            <th>{t('run.owner')}</th>
            <th className="num">{t('run.inputKg')}</th>
            <th className="num">{t('run.mainKg')}</th>
            <th className="num">{t('run.yield')}</th>
          </tr>
        }
      >
        {closed.length === 0 ? <EmptyRow colSpan={6} /> : null}
        {closed.map((r) => (
          <tr key={r.id}>
            <Cell label={t('run.number')}>
              <Link to={`/runs/${r.id}`}>{r.number}</Link>
            </Cell>
            <Cell label={t('run.closedAt')}>{formatDate(lng, r.closedAt)}</Cell>
            <Cell label={t('run.owner')}>
              {r.owner}
              {r.toll ? ` · ${t('run.toll')}` : ''}
            </Cell>
            <Cell label={t('run.inputKg')} num>
              {kg(r.inputKg)}
            </Cell>
            <Cell label={t('run.mainKg')} num>
              {kg(r.mainKg)}
            </Cell>
            <Cell label={t('run.yield')} num status={r.flagged}>
              {r.yieldPct === null ? '—' : `${formatNumber(lng, r.yieldPct)}%`}
              {r.flagged ? (
                <span className={r.checked ? 'badge' : 'badge flag'}>
                  {' '}
                  {t(r.checked ? 'run.checked' : 'run.flagged')}
                </span>
              ) : null}
            </Cell>
          </tr>
        ))}
      </Table>
      <Pager page={page} hasMore={hasMore} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
