// A cooperative's surplus distributions, newest first (officials: the town's).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { listDistributions } from '#models/households';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { BackLink, Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatMoney, formatNumber } from '~/utils/format';
import { orgNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'dividend');
  const [list, orgs] = await Promise.all([listDistributions(scope), orgNames(user.townId, ['cooperative'])]);
  return {
    canWrite: can(user, 'write', 'dividend'),
    official: user.role === 'official',
    distributions: list.map((d) => ({
      id: d.id,
      number: d.number,
      org: orgs.names[d.orgId] ?? '—',
      year: d.year,
      surplusFen: d.surplusFen,
      volumePct: d.volumePct,
      paidOn: d.paidOn,
      state: d.state,
    })),
  };
}

export const handle: PageHandle = { scripts: false, title: 'dividend.title' };

export default function DividendsPage() {
  const d = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  return (
    <>
      <BackLink to="/households">{t('household.register')}</BackLink>
      <h1>{t('dividend.title')}</h1>
      {d.canWrite ? (
        <div className="actions">
          <Link className="button" to="/households/dividends/new">
            {t('dividend.new')}
          </Link>
        </div>
      ) : null}
      <Table
        cards
        head={
          <tr>
            <th>{t('dividend.number')}</th>
            {d.official ? <th>{t('household.cooperative')}</th> : null}
            <th>{t('dividend.year')}</th>
            <th className="num">{t('dividend.surplusYuan')}</th>
            <th className="num">{t('dividend.byVolume')}</th>
            <th>{t('dividend.paidOn')}</th>
            <th>{t('common.status')}</th>
          </tr>
        }
      >
        {d.distributions.length === 0 ? <EmptyRow colSpan={d.official ? 7 : 6} /> : null}
        {d.distributions.map((x) => (
          <tr key={x.id}>
            <td>
              <Link to={`/households/dividends/${x.id}`}>{x.number}</Link>
            </td>
            {d.official ? <Cell label={t('household.cooperative')}>{x.org}</Cell> : null}
            <Cell label={t('dividend.year')}>{x.year}</Cell>
            <Cell label={t('dividend.surplusYuan')} num>
              {formatMoney(lng, x.surplusFen)}
            </Cell>
            <Cell label={t('dividend.byVolume')} num>
              {formatNumber(lng, x.volumePct)}%
            </Cell>
            <Cell label={t('dividend.paidOn')}>{formatDate(lng, x.paidOn)}</Cell>
            <Cell label={t('common.status')}>
              <span className={x.state === 'reversed' ? 'badge muted' : 'badge'}>
                {t(`dividend.states.${x.state}`)}
              </span>
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
