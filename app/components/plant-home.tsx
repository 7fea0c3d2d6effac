// The plant's home: the gate's day (tickets and kg), what is arriving (one tap to weigh it in),
// open runs with their age, the stock by product and this year's yield.
import { Link } from '@remix-run/react';
import { daysBetween } from '~/domain/delivery';
import { yieldPct } from '~/domain/intake';
import { useTranslation } from '~/i18n/react';
import { formatDate, formatNumber, formatWeight } from '~/utils/format';

export interface PlantHomeData {
  today: { tickets: number; kg: number };
  arriving: Array<{
    id: string;
    code: string;
    seller: string;
    productName: string;
    deliveredOn: string;
    quantity: number;
  }>;
  openRuns: Array<{ id: string; number: string; openedAt: string | Date; inputKg: number }>;
  stock: Array<{ productId: string; productName: string; lots: number; kg: number; oldest: string | Date }>;
  season: { runs: number; inputKg: number; mainKg: number };
}

export function PlantHome({ home, now }: { home: PlantHomeData; now: string }) {
  const { t, lng } = useTranslation();
  const kg = (v: number) => formatWeight(lng, v, 'kg', 'kg');
  return (
    <>
      <ul className="stat-cards work">
        <li className="stat">
          <Link to="/intake">
            <span className="muted">{t('plantHome.today')}</span>
            <span className="value" data-today-kg>
              {kg(home.today.kg)}
            </span>
            <span className="muted">{t('plantHome.tickets', { count: home.today.tickets })}</span>
          </Link>
        </li>
        <li className="stat">
          <Link to="/runs">
            <span className="muted">{t('plantHome.season')}</span>
            <span className="value" data-season-yield>
              {home.season.runs
                ? `${formatNumber(lng, yieldPct(home.season.mainKg, home.season.inputKg))}%`
                : '—'}
            </span>
            <span className="muted">
              {t('plantHome.seasonRuns', { count: home.season.runs, main: kg(home.season.mainKg) })}
            </span>
          </Link>
        </li>
      </ul>
      <p className="actions">
        <Link to="/intake/new" className="button">
          {t('intake.new')}
        </Link>
        <Link to="/runs/new" className="button secondary">
          {t('run.new')}
        </Link>
      </p>
      <ArrivingList arriving={home.arriving} />
      <h2 id="open-runs">{t('run.openRuns')}</h2>
      {home.openRuns.length === 0 ? (
        <p className="muted">{t('run.noneOpen')}</p>
      ) : (
        <ul className="tap-list" aria-labelledby="open-runs" data-list="open-runs">
          {home.openRuns.map((r) => (
            <li key={r.id}>
              <Link to={`/runs/${r.id}`}>
                <strong>{r.number}</strong> · {kg(r.inputKg)}
                <span className="muted">
                  {formatDate(lng, r.openedAt)} · {t('run.ageDays', { count: daysBetween(r.openedAt, now) })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('plantHome.stock')}</h2>
      <StockTable stock={home.stock} now={now} />
    </>
  );
}

/** Deliveries sent to the plant and not yet weighed: one tap opens the ticket with each. */
export function ArrivingList({ arriving }: { arriving: PlantHomeData['arriving'] }) {
  const { t, lng } = useTranslation();
  return (
    <>
      <h2 id="arriving">{t('intake.arriving')}</h2>
      {arriving.length === 0 ? (
        <p className="muted">{t('intake.arrivingEmpty')}</p>
      ) : (
        <ul className="tap-list" aria-labelledby="arriving" data-list="arriving">
          {arriving.map((d) => (
            <li key={d.id}>
              <Link to={`/intake/new?delivery=${d.id}`}>
                <strong>{d.seller}</strong> · {formatWeight(lng, d.quantity, 'kg', 'kg')} · {d.productName}
                <span className="muted">
                  {d.code} · {formatDate(lng, d.deliveredOn)} · {t('intake.weighThis')}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Stock by product: lots, kg and the age of the oldest lot. */
export function StockTable({ stock, now }: { stock: PlantHomeData['stock']; now: string }) {
  const { t, lng } = useTranslation();
  if (stock.length === 0) return <p className="muted">{t('common.empty')}</p>;
  return (
    <div className="table-wrap">
      <table data-stock>
        <thead>
          <tr>
            <th>{t('intake.product')}</th>
            <th className="num">{t('plantHome.lots')}</th>
            <th className="num">{t('plantHome.kg')}</th>
            <th className="num">{t('plantHome.oldest')}</th>
          </tr>
        </thead>
        <tbody>
          {stock.map((s) => (
            <tr key={s.productId}>
              <td>{s.productName}</td>
              <td className="num">{formatNumber(lng, s.lots)}</td>
              <td className="num">{formatWeight(lng, s.kg, 'kg', 'kg')}</td>
              <td className="num">{t('run.ageDays', { count: daysBetween(s.oldest, now) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
