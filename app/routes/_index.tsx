import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { NAV } from '~/components/nav';
import { PlantHome } from '~/components/plant-home';
import { ColdHome } from '~/components/coldchain/home';
import { HERD_EVENT_KINDS } from '~/domain/herd';
import { requireUser } from '~/utils/auth.server';
import {
  formatDate,
  formatMoney,
  formatNumber,
  formatQuantity,
  formatWeight,
  type Unit,
} from '~/utils/format';
import { homeFor, type WorkItem } from '~/utils/home.server';
import { useLanguage } from '~/utils/use-language';
import { useWeightUnit } from '~/utils/use-weight-unit';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // the official's home is the town dashboard
  if (user.role === 'official') throw redirect('/dashboard');
  return {
    displayName: user.displayName,
    role: user.role,
    orgName: user.orgName,
    home: await homeFor(user),
    now: new Date().toISOString(),
  };
}

type Home = Awaited<ReturnType<typeof loader>>['home'];

export const handle: PageHandle = {
  words: ['plant', 'dashboard', 'coldchain'],
  scripts: false,
  title: 'nav.home',
};

export default function Home() {
  const { displayName, role, orgName, home, now } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('home.welcome', { name: displayName })}</h1>
      <p className="muted">{t('home.roleIn', { role: t(`role.${role}`), org: orgName })}</p>
      {'work' in home ? <WorkSummary items={home.work} /> : null}
      {home.kind === 'cooperative' ? <CooperativeHome home={home} /> : null}
      {home.kind === 'base' ? <BaseHome home={home} /> : null}
      {home.kind === 'plant' ? <PlantHome home={home} now={now} /> : null}
      {home.kind === 'holder' ? <ColdHome shipments={home.shipments} carrier={role === 'carrier'} /> : null}
      {home.kind === 'holder' && home.toConfirm.length > 0 ? <ToConfirm deliveries={home.toConfirm} /> : null}
      {home.kind === 'holder' ? <LotList lots={home.lots} title={t('home.heldLots')} /> : null}
      <h2>{t('home.quickLinks')}</h2>
      <ul className="quick-links">
        {NAV[role].map((item) => (
          <li key={item.to}>
            <Link to={item.to}>{t(item.labelKey)}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}

/** One tap on a planting opens its harvest form with everything but the quantity filled in. */
function CooperativeHome({ home }: { home: Extract<Home, { kind: 'cooperative' }> }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const shownIn = useWeightUnit();
  return (
    <>
      <h2 id="record-harvest">{t('home.recordHarvest')}</h2>
      {home.plantings.length === 0 ? (
        <p className="muted">{t('home.noPlantings')}</p>
      ) : (
        <ul className="tap-list" aria-labelledby="record-harvest">
          {home.plantings.map((p) => (
            <li key={p.id}>
              <Link to={`/plantings/${p.id}/harvest`} className={p.finished ? 'finished' : undefined}>
                <strong>
                  {p.village} · {p.crop[lng]} · {t('home.areaMu', { area: formatNumber(lng, p.areaMu) })}
                </strong>
                <span className="muted">
                  {p.plotName ? `${p.plotName} · ` : ''}
                  {t('home.plantedOn', { date: formatDate(lng, p.plantedOn) })}
                  {p.harvestedKg > 0
                    ? ` · ${t('home.harvestedSoFar', { qty: formatWeight(lng, p.harvestedKg, 'kg', shownIn) })}`
                    : ''}
                  {p.finished ? ` · ${t('planting.finished')}` : ''}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <p className="actions">
        <Link to="/plantings/new" className="button secondary">
          {t('planting.new')}
        </Link>
      </p>
      <LotList lots={home.lots} title={t('home.recentLots')} />
    </>
  );
}

/** What waits for the organization, each with a link to it. */
function WorkSummary({ items }: { items: WorkItem[] }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  if (items.length === 0) return null;
  return (
    <ul className="stat-cards work">
      {items.map((w) => (
        <li className="stat" key={w.labelKey}>
          <Link to={w.to}>
            <span className="muted">{t(w.labelKey)}</span>
            <span className="value">
              {w.count !== undefined ? formatNumber(lng, w.count, 0) : null}
              {w.fen !== undefined ? <small> · {formatMoney(lng, w.fen)}</small> : null}
              {w.head !== undefined ? <small> · {formatNumber(lng, w.head, 1)}%</small> : null}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The base's head count against its targets, and a button for each kind of event. */
function BaseHome({ home }: { home: Extract<Home, { kind: 'base' }> }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <>
      {home.targets.map((x) => (
        <div className="target-card" key={x.id} data-target="headCount">
          <strong>{x.title}</strong>
          <span className="figure">
            {formatNumber(lng, x.current, 0)} / {formatNumber(lng, x.value, 0)} {t('target.units.head')}
          </span>
          <progress max={1} value={Math.min(1, x.progress)} aria-label={t('target.progress')} />
          <span className="muted">
            {formatNumber(lng, x.progress * 100, 1)}% · {t('target.deadline')} {formatDate(lng, x.deadline)}
          </span>
          <span className="projection">{x.projection}</span>
        </div>
      ))}
      <div className="stat-cards">
        {home.counts.map((c) => (
          <div className="stat" key={c.species}>
            <div className="muted">{t(`species.${c.species}`)}</div>
            <div className="value">
              {t('herd.headUnit', { count: c.head, formatted: formatNumber(lng, c.head) })}
            </div>
          </div>
        ))}
      </div>
      <h2>{t('herd.new')}</h2>
      <p className="actions">
        {HERD_EVENT_KINDS.map((kind) => (
          <Link key={kind} to={`/herd/new?kind=${kind}`} className="button secondary">
            {t(`herd.kinds.${kind}`)}
          </Link>
        ))}
      </p>
    </>
  );
}

/** The deliveries an enterprise is to confirm, each one tap from its page. */
function ToConfirm({ deliveries }: { deliveries: Extract<Home, { kind: 'holder' }>['toConfirm'] }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const shownIn = useWeightUnit();
  return (
    <>
      <h2>{t('home.toConfirmList')}</h2>
      <ul className="tap-list" data-list="to-confirm">
        {deliveries.map((d) => (
          <li key={d.id}>
            <Link to={`/deliveries/${d.id}`}>
              <strong>
                {d.seller} · {d.product[lng]}
              </strong>
              <span className="muted">
                {formatDate(lng, d.deliveredOn)} · {formatWeight(lng, d.quantity, d.unit, shownIn)} ·{' '}
                {formatMoney(lng, d.amountFen)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

function LotList({
  lots,
  title,
}: {
  lots: Array<{
    id: string;
    code: string;
    product: { zh: string; en: string };
    quantity: number;
    unit: string;
  }>;
  title: string;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <>
      <h2>{title}</h2>
      {lots.length === 0 ? (
        <p className="muted">{t('common.empty')}</p>
      ) : (
        <ul className="tap-list">
          {lots.map((lot) => (
            <li key={lot.id}>
              <Link to={`/lots/${lot.code}`}>
                <strong>{lot.product[lng]}</strong>
                <span className="muted">
                  {lot.code} · {formatQuantity(lng, lot.quantity, lot.unit as Unit)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
