import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getBase, herdHistory, herdOverview, listHerdEvents } from '#models/field';
import { HerdHistoryChart } from '~/components/charts/herd-history';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatNumber, formatQuantity } from '~/utils/format';
import { can, requirePermission } from '~/utils/permissions.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'herd');
  const ownBase = scope.access === 'own' ? await getBase(user.orgId) : null;
  const [overview, events, histories] = await Promise.all([
    herdOverview(scope),
    listHerdEvents(scope, { limit: ownBase ? 30 : 20 }),
    Promise.all(
      (ownBase?.species ?? []).map(async (s) => ({
        species: s,
        points: await herdHistory(scope, ownBase!._id, s),
      })),
    ),
  ]);
  return {
    ...overview,
    histories,
    events,
    ownBase: scope.access === 'own',
    canWrite: can(user, 'write', 'herd') && !!ownBase,
  };
}

export const handle: PageHandle = { title: 'herd.title' };

export default function HerdPage() {
  const { bases, totals, histories, events, ownBase, canWrite } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const baseName = Object.fromEntries(bases.map((b) => [b.id, b.name]));
  const heads = (count: number) => t('herd.headUnit', { count, formatted: formatNumber(lng, count) });
  // a base sees its own species; an official sees the town's totals, then each base
  const cards = ownBase ? (bases[0]?.counts ?? []) : totals;
  return (
    <>
      <h1>{t('herd.title')}</h1>
      {canWrite ? (
        <div className="actions">
          <Link className="button" to="/herd/new">
            {t('herd.new')}
          </Link>
        </div>
      ) : null}
      <h2>{ownBase ? t('herd.current') : t('herd.townTotal')}</h2>
      <div className="stat-cards">
        {cards.length === 0 ? <p className="muted">{t('common.empty')}</p> : null}
        {cards.map((c) => (
          <div className="stat" key={c.species}>
            <div className="muted">{t(`species.${c.species}`)}</div>
            <div className="value" data-testid={`head-${c.species}`}>
              {heads(c.head)}
            </div>
          </div>
        ))}
      </div>
      {ownBase ? null : (
        <>
          <h2>{t('herd.byBase')}</h2>
          <Table
            cards
            head={
              <tr>
                <th>{t('herd.base')}</th>
                <th>{t('herd.site')}</th>
                <th>{t('herd.current')}</th>
              </tr>
            }
          >
            {bases.length === 0 ? <EmptyRow colSpan={3} /> : null}
            {bases.map((b) => (
              <tr key={b.id} data-testid={`base-${b.id}`}>
                <td>
                  {b.name} {b.archived ? <span className="badge muted">{t('common.archived')}</span> : null}
                </td>
                <Cell label={t('herd.site')}>{b.site}</Cell>
                <Cell label={t('herd.current')}>
                  {b.counts.map((c) => `${t(`species.${c.species}`)} ${heads(c.head)}`).join(' · ') || '—'}
                </Cell>
              </tr>
            ))}
          </Table>
        </>
      )}
      {histories.map((h) => (
        <section key={h.species}>
          <h2>
            {t('herd.history')} · {t(`species.${h.species}`)}
          </h2>
          <HerdHistoryChart data={h.points} label={t('herd.history')} />
        </section>
      ))}
      <h2>{t('herd.events')}</h2>
      <Table
        cards
        head={
          <tr>
            <th>{t('herd.kind')}</th>
            <th>{t('herd.date')}</th>
            <th className="num">{t('herd.head')}</th>
            {ownBase ? null : <th>{t('herd.base')}</th>}
            <th>{t('herd.lot')}</th>
          </tr>
        }
      >
        {events.length === 0 ? <EmptyRow colSpan={ownBase ? 5 : 6} /> : null}
        {events.map((e) => (
          <tr key={e.id} className={e.reversedBy ? 'voided' : undefined}>
            <td>
              <Link to={`/herd/events/${e.id}`}>
                {t(`herd.kinds.${e.kind}`)} · {t(`species.${e.species}`)}
              </Link>
              {e.reverses ? <span className="badge warn">{t('herd.reversal')}</span> : null}
              {e.reversedBy ? <span className="badge muted">{t('herd.reversed')}</span> : null}
            </td>
            <Cell label={t('herd.date')}>{formatDate(lng, e.date)}</Cell>
            <Cell label={t('herd.head')} num>
              {e.delta > 0 ? '+' : '−'}
              {formatQuantity(lng, e.head, 'head')}
            </Cell>
            {ownBase ? null : <Cell label={t('herd.base')}>{baseName[e.orgId] ?? '—'}</Cell>}
            <Cell label={t('herd.lot')}>
              {e.lotCode ? <Link to={`/lots/${e.lotCode}`}>{e.lotCode}</Link> : '—'}
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
