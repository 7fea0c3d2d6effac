// Offtake contracts: an enterprise's and a seller's own (as either party), every contract of
// the town for officials.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { listContracts, verifyTownContracts } from '#models/trade';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { readForm } from '~/utils/forms.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { contractNames } from '~/utils/contracts.server';
import { colon, formatDate, formatQuantity } from '~/utils/format';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'contract');
  const contracts = await listContracts(scope);
  const names = await contractNames(contracts);
  return {
    contracts: contracts.map((c) => ({
      id: c.id,
      code: c.code,
      status: c.status,
      unit: c.unit,
      committedQty: c.committedQty,
      windowStart: c.windowStart,
      windowEnd: c.windowEnd,
      buyer: names.orgs[c.buyerOrgId] ?? '—',
      seller: names.orgs[c.sellerOrgId] ?? '—',
      product: names.products[c.productId] ?? { zh: '—', en: '—' },
    })),
    canWrite: can(user, 'write', 'contract'),
    canVerify: can(user, 'verify', 'contract'),
  };
}

/** An official verifies every contract's chain of the town at once. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'verify', 'contract');
  await readForm(request);
  const results = await verifyTownContracts(scope.townId!);
  return {
    verified: {
      contracts: results.length,
      entries: results.reduce((s, r) => s + r.entries, 0),
      broken: results
        .filter((r) => !r.ok)
        .map((r) => ({ id: r.id, code: r.code, broken: r.broken, missing: r.missing })),
    },
  };
}

export const handle: PageHandle = { scripts: false, title: 'contract.title' };

export default function ContractsPage() {
  const { contracts, canWrite, canVerify } = useLoaderData<typeof loader>();
  const verified = useActionData<typeof action>()?.verified;
  const { t, lng } = useTranslation();
  return (
    <>
      <h1>{t('contract.title')}</h1>
      {canWrite ? (
        <div className="actions">
          <Link className="button" to="/contracts/new">
            {t('contract.new')}
          </Link>
        </div>
      ) : null}
      {canVerify ? (
        <Form method="post" className="card">
          <FormGuard form="verifytown" />
          <p className="muted">{t('contract.verifyTownHint')}</p>
          {verified ? (
            <div role="status">
              <p className={verified.broken.length ? 'field-errors' : 'ok'}>
                {t(verified.broken.length ? 'contract.verifiedTownBroken' : 'contract.verifiedTownOk', {
                  contracts: verified.contracts,
                  entries: verified.entries,
                  count: verified.broken.length,
                })}
              </p>
              <ul className="plain">
                {verified.broken.map((b) => (
                  <li key={b.id}>
                    {b.id ? (
                      <Link to={`/contracts/${b.id}`}>{b.code}</Link>
                    ) : (
                      `${t('delivery.spot')} ${b.code}`
                    )}
                    {colon(lng)}
                    {b.broken
                      ? t('contract.verifiedBroken', {
                          number: b.broken.number,
                          seq: b.broken.seq,
                          problem: t(`contract.chainProblems.${b.broken.problem}`),
                        })
                      : t('contract.verifiedMissing', { codes: b.missing.join('、') })}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <SubmitButton name="intent" value="verify" className="secondary">
            {t('contract.verifyTown')}
          </SubmitButton>
        </Form>
      ) : null}
      <Table
        cards
        head={
          <tr>
            <th>{t('contract.code')}</th>
            <th>{t('contract.product')}</th>
            <th>{t('contract.sellerShort')}</th>
            <th>{t('contract.buyerShort')}</th>
            <th className="num">{t('contract.committedQty')}</th>
            <th>{t('contract.window')}</th>
            <th>{t('contract.status')}</th>
          </tr>
        }
      >
        {contracts.length === 0 ? <EmptyRow colSpan={7} /> : null}
        {contracts.map((c) => (
          <tr key={c.id}>
            <td>
              <Link to={`/contracts/${c.id}`}>{c.code}</Link>
            </td>
            <Cell label={t('contract.product')}>{c.product[lng]}</Cell>
            <Cell label={t('contract.sellerShort')}>{c.seller}</Cell>
            <Cell label={t('contract.buyerShort')}>{c.buyer}</Cell>
            <Cell label={t('contract.committedQty')} num>
              {formatQuantity(lng, c.committedQty, c.unit)}
            </Cell>
            <Cell label={t('contract.window')}>
              {formatDate(lng, c.windowStart)} – {formatDate(lng, c.windowEnd)}
            </Cell>
            <Cell label={t('contract.status')} status>
              {t(`contract.statuses.${c.status}`)}
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
