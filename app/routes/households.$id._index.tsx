// One household: its register entry and its income ledger — every purchase, wage, rent,
// dividend and payment, totals per year and kind with the change from the year before, and
// what is still owed. A cooperative sees what it paid its member; officials see everything.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getHousehold, householdLedger } from '#models/households';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { BackLink, Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { INCOME_KINDS, owedOnEntry } from '~/domain/household';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { colon, paren, formatDate, formatMoney, formatNumber } from '~/utils/format';
import { orgNames, phoneFor, villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'household');
  const household = await getHousehold(scope, idParam(params));
  if (!household) notFound();
  const ledgerScope = requirePermission(user, 'read', 'payout');
  const [ledger, villages, orgs] = await Promise.all([
    householdLedger(ledgerScope, idParam(params)),
    villageNames(user.townId),
    orgNames(user.townId),
  ]);
  return {
    household: {
      ...household,
      phone: phoneFor(user, household.phone, household.memberships),
      village: villages.names[household.villageId] ?? '—',
      memberships: household.memberships.map((m) => ({ ...m, name: orgs.names[m.orgId] ?? '—' })),
    },
    ledger: {
      ...ledger,
      entries: ledger.entries.map((e) => ({
        id: e.id,
        kind: e.kind,
        number: e.number,
        on: e.on,
        amountFen: e.amountFen,
        paidFen: e.paidFen,
        reversedFen: e.reversedFen,
        payer: orgs.names[e.payerOrgId] ?? '—',
        reversal: Boolean(e.reverses),
      })),
    },
    canEdit: can(user, 'write', 'household'),
  };
}

export const handle: PageHandle = {
  scripts: false,
  title: (_t, _lng, d) => d && `${d.household.number} ${d.household.head}`,
};

export default function HouseholdPage() {
  const { household: h, ledger, canEdit } = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const pct = (v: number | null) =>
    v === null ? '—' : `${v >= 0 ? '+' : ''}${formatNumber(lng, v * 100, 1)}%`;
  return (
    <div>
      <BackLink to="/households">{t('household.register')}</BackLink>
      <h1>
        {h.village} {h.number} {h.head}
      </h1>
      <section className="card">
        <dl className="props">
          <dt>{t('household.members')}</dt>
          <dd>{h.members}</dd>
          <dt>{t('household.phone')}</dt>
          <dd>{h.phone || '—'}</dd>
          <dt>{t('household.flags')}</dt>
          <dd>
            {h.lifted ? <span className="badge">{t('household.lifted')}</span> : null}{' '}
            {h.monitored ? <span className="badge warn">{t('household.monitored')}</span> : null}
            {!h.lifted && !h.monitored ? '—' : null}
          </dd>
          <dt>{t('household.memberships')}</dt>
          <dd>
            {h.memberships.length === 0 ? t('household.noMembership') : null}
            <ul className="plain">
              {h.memberships.map((m) => (
                <li key={m.orgId}>
                  {m.name} · {t('household.joinedOn')} {formatDate(lng, m.joinedOn)} ·{' '}
                  {t('household.cashYuan')} {formatMoney(lng, m.cashFen)} · {t('household.landMu')}{' '}
                  {formatNumber(lng, m.landMu)}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
        {canEdit ? (
          <div className="actions">
            <Link to={`/households/${h.id}/edit`}>{t('household.edit')}</Link>
          </div>
        ) : null}
      </section>

      <h2>{t('household.ledgerYears')}</h2>
      <p>
        {ledger.owedFen > 0
          ? t('household.owedNow', { amount: formatMoney(lng, ledger.owedFen), days: ledger.oldestDays })
          : t('household.allPaid')}
      </p>
      <Table
        cards
        head={
          <tr>
            <th>{t('hincome.year')}</th>
            {INCOME_KINDS.map((k) => (
              <th key={k} className="num">
                {t(`payout.kinds.${k}`)}
              </th>
            ))}
            <th className="num">{t('hincome.total')}</th>
            <th className="num">{t('household.change')}</th>
          </tr>
        }
      >
        {ledger.years.length === 0 ? <EmptyRow colSpan={INCOME_KINDS.length + 3} /> : null}
        {ledger.years.map((y) => (
          <tr key={y.year}>
            <td>{y.year}</td>
            {INCOME_KINDS.map((k) => (
              <Cell key={k} label={t(`payout.kinds.${k}`)} num>
                {formatMoney(lng, y.byKind[k])}
              </Cell>
            ))}
            <Cell label={t('hincome.total')} num>
              <strong>{formatMoney(lng, y.total)}</strong>
            </Cell>
            <Cell label={t('household.change')} num>
              {pct(y.change)}
            </Cell>
          </tr>
        ))}
      </Table>

      {ledger.years.map((y) => (
        <details key={y.year} className="card">
          <summary>
            {t('household.byMonth', { year: String(y.year) })} · {formatMoney(lng, y.total)}
          </summary>
          <ul className="plain months">
            {y.months.map((fen, i) =>
              fen !== 0 ? (
                <li key={i}>
                  {t('hincome.month', { m: i + 1 })}
                  {colon(lng)}
                  {formatMoney(lng, fen)}
                </li>
              ) : null,
            )}
          </ul>
        </details>
      ))}

      <h2>{t('household.entries')}</h2>
      <Table
        cards
        head={
          <tr>
            <th>{t('payout.on')}</th>
            <th>{t('payout.number')}</th>
            <th>{t('payout.kind')}</th>
            <th>{t('payout.title')}</th>
            <th className="num">{t('payout.amount')}</th>
            <th className="num">{t('payout.owed')}</th>
          </tr>
        }
      >
        {ledger.entries.length === 0 ? <EmptyRow colSpan={6} /> : null}
        {ledger.entries.map((e) => {
          const owed = owedOnEntry(e);
          return (
            <tr key={e.id}>
              <td>{formatDate(lng, e.on)}</td>
              <Cell label={t('payout.number')}>
                <Link to={`/payouts/${e.id}`}>{e.number}</Link>
              </Cell>
              <Cell label={t('payout.kind')}>
                {t(`payout.kinds.${e.kind}`)}
                {e.reversal ? <span className="muted">{paren(lng, t('payout.reversal'))}</span> : null}
              </Cell>
              <Cell label={t('payout.title')}>{e.payer}</Cell>
              <Cell label={t('payout.amount')} num>
                {formatMoney(lng, e.amountFen)}
              </Cell>
              <Cell label={t('payout.owed')} num>
                {owed > 0 ? formatMoney(lng, owed) : '—'}
              </Cell>
            </tr>
          );
        })}
      </Table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
