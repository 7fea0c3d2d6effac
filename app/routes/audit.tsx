import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { listAuditEvents } from '#models/audit';
import { AUDIT_ACTIONS } from '~/schemas/audit';
import { toObjectId } from '#models/common';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Table, EmptyRow } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { shanghaiMidnight } from '~/utils/dates';
import { formatDateTime } from '~/utils/format';
import { requirePermission } from '~/utils/permissions.server';
import { useLanguage } from '~/utils/use-language';

const ENTITIES = [
  'Town',
  'Village',
  'Organization',
  'Product',
  'User',
  'Lot',
  'Planting',
  'Harvest',
  'HerdEvent',
] as const;
const DAY_MS = 86_400_000;

// Filters come from the URL; anything malformed is ignored rather than trusted.
const FilterSchema = z.object({
  entity: z.enum(ENTITIES).optional().catch(undefined),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  username: z.string().trim().max(40).optional().catch(undefined),
  from: z.string().optional().catch(undefined),
  to: z.string().optional().catch(undefined),
  recordId: z.string().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'audit');
  const f = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const to = f.to ? shanghaiMidnight(f.to) : null;
  const result = await listAuditEvents({
    townId: scope.access === 'any' ? null : scope.townId,
    entity: f.entity,
    action: f.action,
    username: f.username || undefined,
    recordId: toObjectId(f.recordId) ?? undefined,
    from: (f.from && shanghaiMidnight(f.from)) || undefined,
    to: to ? new Date(to.getTime() + DAY_MS) : undefined,
    page: f.page,
  });
  return result;
}

function Values({ values }: { values: Record<string, unknown> | null }) {
  if (!values) return null;
  return (
    <pre className="diff">
      {Object.entries(values)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join('\n')}
    </pre>
  );
}

export default function AuditPage() {
  const { events, total, page, pageSize } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const [params] = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(p));
    return `?${next}`;
  };
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="entity">{t('audit.entity')}</label>
          <select id="entity" name="entity" defaultValue={params.get('entity') ?? ''}>
            <option value="">{t('audit.all')}</option>
            {ENTITIES.map((e) => (
              <option key={e} value={e}>
                {t(`audit.entities.${e}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="action">{t('audit.action')}</label>
          <select id="action" name="action" defaultValue={params.get('action') ?? ''}>
            <option value="">{t('audit.all')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`audit.actions.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="username">{t('audit.username')}</label>
          <input id="username" name="username" defaultValue={params.get('username') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="from">{t('audit.from')}</label>
          <input id="from" name="from" type="date" defaultValue={params.get('from') ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="to">{t('audit.to')}</label>
          <input id="to" name="to" type="date" defaultValue={params.get('to') ?? ''} />
        </div>
        {params.get('recordId') ? (
          <input type="hidden" name="recordId" value={params.get('recordId')!} />
        ) : null}
        <button type="submit" className="secondary">
          {t('action.filter')}
        </button>
      </Form>
      <p className="muted">{t('common.count', { count: total })}</p>
      <Table
        head={
          <tr>
            <th>{t('audit.at')}</th>
            <th>{t('audit.who')}</th>
            <th>{t('audit.action')}</th>
            <th>{t('audit.record')}</th>
            <th>{t('audit.before')}</th>
            <th>{t('audit.after')}</th>
          </tr>
        }
      >
        {events.length === 0 ? <EmptyRow colSpan={6} /> : null}
        {events.map((e) => (
          <tr key={e.id}>
            <td>{formatDateTime(lng, e.at)}</td>
            <td>
              {e.actor.username}
              <br />
              <span className="muted">{t(`role.${e.actor.role}`, e.actor.role)}</span>
            </td>
            <td>{t(`audit.actions.${e.action}`)}</td>
            <td>
              {t(`audit.entities.${e.entity}`, e.entity)} ·{' '}
              <Link to={`?recordId=${e.recordId}`}>{e.label}</Link>
            </td>
            <td>
              <Values values={e.before} />
            </td>
            <td>
              <Values values={e.after} />
            </td>
          </tr>
        ))}
      </Table>
      {pages > 1 ? (
        <div className="actions">
          {page > 1 ? <Link to={pageLink(page - 1)}>{t('common.prev')}</Link> : null}
          <span>{t('common.page', { page, pages })}</span>
          {page < pages ? <Link to={pageLink(page + 1)}>{t('common.next')}</Link> : null}
        </div>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
