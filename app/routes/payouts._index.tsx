// What an organization pays households — purchases, wages, land rent, dividends and the
// payments of them — with what is still owed and for how long. Officials see the town's.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { toObjectId } from '#models/kernel';
import { listPayouts, owedToHouseholds } from '#models/households';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Pager, Table } from '~/components/ui/record-page';
import { AGE_BUCKETS } from '~/domain/delivery';
import { ENTRY_KINDS, owedOnEntry } from '~/domain/household';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { paren, formatDate, formatMoney } from '~/utils/format';
import { orgNames, phoneFor, villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';
import { pageParam } from '~/utils/records.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'payout');
  const url = new URL(request.url);
  const rawKind = url.searchParams.get('kind');
  const kind = ENTRY_KINDS.find((k) => k === rawKind);
  const unpaid = url.searchParams.get('unpaid') === '1' && kind !== 'payment';
  const householdId = toObjectId(url.searchParams.get('household')) ?? undefined;
  const page = pageParam(request);
  const [{ entries, hasMore }, owed, villages, orgs] = await Promise.all([
    listPayouts(scope, { kind, unpaid, householdId, page }),
    owedToHouseholds(scope),
    villageNames(user.townId),
    orgNames(user.townId),
  ]);
  // the register's own readers (officials, the cooperative's members) see the phone elsewhere;
  // here a payer sees whom it pays with the phone masked
  return {
    filters: { kind: kind ?? '', unpaid },
    page,
    hasMore,
    owed,
    official: user.role === 'official',
    kinds: can(user, 'write', 'payout')
      ? user.role === 'cooperative'
        ? (['purchase', 'wage', 'rent'] as const)
        : (['wage', 'rent'] as const)
      : [],
    entries: entries.map((e) => ({
      id: e.id,
      number: e.number,
      on: e.on,
      kind: e.kind,
      amountFen: e.amountFen,
      owedFen: owedOnEntry(e),
      reversal: Boolean(e.reverses),
      belowFloor: e.floorFen !== undefined && e.floorFen !== null,
      payer: orgs.names[e.payerOrgId] ?? '—',
      household: e.household
        ? `${villages.names[e.household.villageId] ?? ''} ${e.household.number} ${e.household.head}`
        : '—',
      phone: e.household ? phoneFor(user, e.household.phone, e.household.memberships) : '',
    })),
  };
}

export const handle: PageHandle = { scripts: false, title: 'payout.title' };

export default function PayoutsPage() {
  const d = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  return (
    <>
      <h1>{t('payout.title')}</h1>
      {d.kinds.length ? (
        <div className="actions">
          {d.kinds.map((k) => (
            <Link key={k} className="button" to={`/payouts/new?kind=${k}`}>
              {t(`payout.new${k[0].toUpperCase()}${k.slice(1)}`)}
            </Link>
          ))}
        </div>
      ) : null}
      <section className="card">
        <h2>{t('payout.owedByAge')}</h2>
        <p>
          <strong>{formatMoney(lng, d.owed.totalFen)}</strong>
        </p>
        <ul className="plain buckets">
          {AGE_BUCKETS.map((b) => (
            <li key={b}>
              {t('delivery.bucket', {
                age: t(`delivery.ages.${b}`),
                amount: formatMoney(lng, d.owed.buckets[b].fen),
                receipts: t('payout.entryCount', { count: d.owed.buckets[b].count }),
              })}
            </li>
          ))}
        </ul>
      </section>
      <Form method="get" className="filters">
        <label>
          {t('payout.kind')}
          <select name="kind" defaultValue={d.filters.kind}>
            <option value="">{t('payout.allKinds')}</option>
            {ENTRY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`payout.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" name="unpaid" value="1" defaultChecked={d.filters.unpaid} />
          {t('payout.unpaidOnly')}
        </label>
        <button type="submit" className="secondary">
          {t('action.filter')}
        </button>
      </Form>
      <Table
        cards
        head={
          <tr>
            <th>{t('payout.on')}</th>
            <th>{t('payout.number')}</th>
            <th>{t('payout.kind')}</th>
            <th>{t('payout.household')}</th>
            {d.official ? <th>{t('payout.title')}</th> : null}
            <th className="num">{t('payout.amount')}</th>
            <th className="num">{t('payout.owed')}</th>
          </tr>
        }
      >
        {d.entries.length === 0 ? <EmptyRow colSpan={d.official ? 7 : 6} /> : null}
        {d.entries.map((e) => (
          <tr key={e.id}>
            <td>{formatDate(lng, e.on)}</td>
            <Cell label={t('payout.number')}>
              <Link to={`/payouts/${e.id}`}>{e.number}</Link>
            </Cell>
            <Cell label={t('payout.kind')}>
              {t(`payout.kinds.${e.kind}`)}
              {e.reversal ? <span className="muted">{paren(lng, t('payout.reversal'))}</span> : null}
              {e.belowFloor ? <span className="badge warn">{t('payout.belowFloorShort')}</span> : null}
            </Cell>
            <Cell label={t('payout.household')}>
              {e.household} <span className="muted">{e.phone}</span>
            </Cell>
            {d.official ? <Cell label={t('payout.title')}>{e.payer}</Cell> : null}
            <Cell label={t('payout.amount')} num>
              {formatMoney(lng, e.amountFen)}
            </Cell>
            <Cell label={t('payout.owed')} num>
              {e.owedFen > 0 ? formatMoney(lng, e.owedFen) : '—'}
            </Cell>
          </tr>
        ))}
      </Table>
      <Pager page={d.page} hasMore={d.hasMore} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
