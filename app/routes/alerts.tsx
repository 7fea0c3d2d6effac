// 冷链预警: the alerts of the organization's shipments and stores, newest first — an excursion
// that passed its tolerance, its end, the cumulative budget used up. 全部标为已读 clears the
// count in the menu; the outbox shows whether each reached the organization's chat groups.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { listAlerts, markAlertsSeen } from '#models/coldchain';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useTranslation } from '~/i18n/react';
import { requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDateTime, formatNumber } from '~/utils/format';
import { readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'alert');
  return { alerts: await listAlerts(scope), outbox: can(user, 'read', 'webhook') };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'alert');
  await readForm(request);
  await markAlertsSeen(scope);
  return redirectWithFlash('/alerts', 'alert.allSeen');
}

export const handle: PageHandle = { words: ['coldchain'], scripts: false, title: 'nav.alerts' };

export default function AlertsPage() {
  const { alerts, outbox } = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const unseen = alerts.filter((a) => !a.seen).length;
  return (
    <>
      <h1>{t('nav.alerts')}</h1>
      <div className="actions">
        {unseen ? (
          <Form method="post">
            <FormGuard form="seen" />
            <SubmitButton>{t('alert.markSeen', { count: unseen })}</SubmitButton>
          </Form>
        ) : null}
        {outbox ? <Link to="/outbox">{t('nav.outbox')}</Link> : null}
      </div>
      <Table
        cards
        head={
          <tr>
            <th>{t('alert.kind')}</th>
            <th>{t('alert.at')}</th>
            <th>{t('alert.subject')}</th>
            <th>{t('alert.detail')}</th>
          </tr>
        }
      >
        {alerts.length === 0 ? <EmptyRow colSpan={4} /> : null}
        {alerts.map((a) => (
          <tr key={a.id} data-seen={a.seen ? 'yes' : 'no'}>
            <Cell label={t('alert.kind')} status>
              {a.seen ? null : <span className="badge flag">{t('alert.new')} </span>}
              {t(`alert.kinds.${a.kind}`)}
            </Cell>
            <Cell label={t('alert.at')}>{formatDateTime(lng, a.at)}</Cell>
            <Cell label={t('alert.subject')}>
              <Link
                to={
                  a.subjectKind === 'shipment'
                    ? `/shipments/${a.subjectCode}`
                    : `/cold-stores/${a.subjectCode}`
                }
              >
                {a.subjectCode}
              </Link>{' '}
              · {a.productName}
            </Cell>
            <Cell label={t('alert.detail')} wrap>
              {a.band}
              {a.direction ? ` · ${t(`cold.direction.${a.direction}`)}` : ''}
              {a.peakC === null
                ? ''
                : ` · ${t('cold.peak', { value: `${formatNumber(lng, a.peakC, 1)} °C` })}`}
              {` · ${t('cold.minutes', { count: Math.round(a.minutes) })}`}
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
