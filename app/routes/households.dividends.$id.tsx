// One approved distribution: every household's amount by volume and by shares, what has been
// paid of it, and — for the cooperative, while nothing is paid — its reversal (the only way
// to correct it; a new distribution for the year can then be approved).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { getDistribution } from '#models/households';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextAreaField } from '~/components/ui/form';
import { BackLink, Cell, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import { ReverseSchema } from '~/schemas/household';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatMoney, formatNumber } from '~/utils/format';
import { readForm } from '~/utils/forms.server';
import { orgNames, villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import { reverseDividendCommand } from '#models/households';
import { formCommand } from '~/utils/commands.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'dividend');
  const d = await getDistribution(scope, idParam(params));
  if (!d) notFound();
  const [villages, orgs] = await Promise.all([
    villageNames(user.townId),
    orgNames(user.townId, ['cooperative']),
  ]);
  const paid = d.lines.some((l) => l.paidFen > 0);
  return {
    d: {
      ...d,
      org: orgs.names[d.orgId] ?? '—',
      lines: d.lines.map((l) => ({ ...l, village: villages.names[l.villageId] ?? '' })),
    },
    householdLinks: can(user, 'read', 'household'),
    canReverse:
      d.state === 'approved' && !paid && d.orgId === String(user.orgId) && can(user, 'write', 'dividend'),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  return formCommand(await readForm(request), user, reverseDividendCommand, ReverseSchema, {
    extra: { id: String(id) },
    done: () => [`/households/dividends/${id}`, 'dividend.reverseSaved'],
  });
}

export const handle: PageHandle = { title: (_t, _lng, d) => d && d.d.number };

export default function DividendPage() {
  const { d, canReverse, householdLinks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof ReverseSchema>('reverse', actionData?.result);
  const sum = (k: 'amountFen' | 'byVolumeFen' | 'bySharesFen' | 'paidFen') =>
    d.lines.reduce((a, l) => a + l[k], 0);
  return (
    <div>
      <BackLink to="/households/dividends">{t('dividend.title')}</BackLink>
      <h1>
        {d.org} {d.year} · {d.number}
      </h1>
      <dl className="props card">
        <dt>{t('common.status')}</dt>
        <dd>
          {t(`dividend.states.${d.state}`)} {d.reason}
        </dd>
        <dt>{t('dividend.surplusYuan')}</dt>
        <dd>
          <strong>{formatMoney(lng, d.surplusFen)}</strong>
        </dd>
        <dt>{t('dividend.byVolume')}</dt>
        <dd>
          {formatNumber(lng, d.volumePct)}% · {formatMoney(lng, d.byVolumeFen)}
        </dd>
        <dt>{t('dividend.byShares')}</dt>
        <dd>{formatMoney(lng, d.bySharesFen)}</dd>
        <dt>{t('dividend.landYuanPerMu')}</dt>
        <dd>{formatMoney(lng, d.landFenPerMu)}</dd>
        <dt>{t('dividend.paidOn')}</dt>
        <dd>{formatDate(lng, d.paidOn)}</dd>
        <dt>{t('dividend.households')}</dt>
        <dd>{d.lines.length}</dd>
      </dl>
      <Table
        cards
        head={
          <tr>
            <th>{t('household.village')}</th>
            <th>{t('household.number')}</th>
            <th>{t('household.head')}</th>
            <th className="num">{t('dividend.volume')}</th>
            <th className="num">{t('dividend.byVolume')}</th>
            <th className="num">{t('dividend.byShares')}</th>
            <th className="num">{t('dividend.amount')}</th>
            <th className="num">{t('payout.paid')}</th>
          </tr>
        }
        foot={
          <tr>
            <td colSpan={4}>{t('dividend.total')}</td>
            <td className="num">{formatMoney(lng, sum('byVolumeFen'))}</td>
            <td className="num">{formatMoney(lng, sum('bySharesFen'))}</td>
            <td className="num">
              <strong>{formatMoney(lng, sum('amountFen'))}</strong>
            </td>
            <td className="num">{formatMoney(lng, sum('paidFen'))}</td>
          </tr>
        }
      >
        {d.lines.map((l) => (
          <tr key={l.entryId}>
            <td>{l.village}</td>
            <Cell label={t('household.number')}>
              {householdLinks ? <Link to={`/households/${l.householdId}`}>{l.number}</Link> : l.number}
            </Cell>
            <Cell label={t('household.head')}>{l.head}</Cell>
            <Cell label={t('dividend.volume')} num>
              {formatMoney(lng, l.volumeFen)}
            </Cell>
            <Cell label={t('dividend.byVolume')} num>
              {formatMoney(lng, l.byVolumeFen)}
            </Cell>
            <Cell label={t('dividend.byShares')} num>
              {formatMoney(lng, l.bySharesFen)}
            </Cell>
            <Cell label={t('dividend.amount')} num>
              <Link to={`/payouts/${l.entryId}`}>{formatMoney(lng, l.amountFen)}</Link>
            </Cell>
            <Cell label={t('payout.paid')} num>
              {formatMoney(lng, l.paidFen)}
            </Cell>
          </tr>
        ))}
      </Table>
      {canReverse ? (
        <section className="card narrow">
          <h2>{t('dividend.reverse')}</h2>
          <Form method="post" {...getFormProps(form)}>
            <FormGuard form="reverse" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextAreaField meta={fields.reason} label={t('payout.reason')} />
            <SubmitButton className="secondary">{t('dividend.reverse')}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
