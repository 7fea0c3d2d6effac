import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { getBase, herdHistory, listHerdCounts, listHerdEvents } from '#models/herd';
import { listOrganizations } from '#models/organization';
import { HerdHistoryChart } from '~/components/charts/herd-history';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { EmptyRow, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatNumber } from '~/utils/format';
import { can, requirePermission } from '~/utils/permissions.server';
import { useLanguage } from '~/utils/use-language';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'herd');
  const [counts, bases] = await Promise.all([
    listHerdCounts(scope),
    listOrganizations(
      { access: 'town', townId: user.townId, orgId: user.orgId },
      { type: 'base', includeArchived: true },
    ),
  ]);
  const ownBase = scope.access === 'own' ? await getBase(user.orgId) : null;
  const histories = ownBase
    ? await Promise.all(
        ownBase.species.map(async (s) => ({ species: s, points: await herdHistory(scope, ownBase._id, s) })),
      )
    : [];
  const events = await listHerdEvents(scope, { limit: ownBase ? 30 : 20 });
  return {
    counts,
    bases: bases.map((b) => ({ id: b.id, name: b.name, site: b.site, species: b.species })),
    histories,
    events,
    canWrite: can(user, 'write', 'herd') && !!ownBase,
  };
}

export default function HerdPage() {
  const { counts, bases, histories, events, canWrite } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const baseName = Object.fromEntries(bases.map((b) => [b.id, b.name]));
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
      <h2>{t('herd.current')}</h2>
      <div className="stat-cards">
        {counts.length === 0 ? <p className="muted">{t('common.empty')}</p> : null}
        {counts.map((c) => (
          <div className="stat" key={`${c.baseId}:${c.species}`}>
            <div className="muted">
              {baseName[c.baseId] ?? '—'} · {t(`species.${c.species}`)}
            </div>
            <div className="value" data-testid={`head-${c.species}`}>
              {t('herd.headUnit', { count: c.head, formatted: formatNumber(lng, c.head) })}
            </div>
          </div>
        ))}
      </div>
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
        head={
          <tr>
            <th>{t('herd.date')}</th>
            <th>{t('herd.base')}</th>
            <th>{t('herd.kind')}</th>
            <th>{t('herd.species')}</th>
            <th className="num">{t('herd.head')}</th>
            <th>{t('herd.lot')}</th>
          </tr>
        }
      >
        {events.length === 0 ? <EmptyRow colSpan={6} /> : null}
        {events.map((e) => (
          <tr key={e.id}>
            <td>
              <Link to={`/herd/events/${e.id}`}>{formatDate(lng, e.date)}</Link>
            </td>
            <td>{baseName[e.orgId] ?? '—'}</td>
            <td>{t(`herd.kinds.${e.kind}`)}</td>
            <td>{t(`species.${e.species}`)}</td>
            <td className="num">{e.delta > 0 ? `+${e.head}` : `−${e.head}`}</td>
            <td>{e.lotCode ? <Link to={`/lots/${e.lotCode}`}>{e.lotCode}</Link> : null}</td>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
