import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { z } from 'zod';
import { listAuditEvents, verifyAuditTrail, toObjectId } from '#models/kernel';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { readForm } from '~/utils/forms.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Pager } from '~/components/ui/record-page';
import { AUDIT_ACTIONS } from '~/schemas/audit';
import type { Shown, ShownEvent, ShownField } from '~/utils/audit-view';
import { presentAuditEvents } from '~/utils/audit.server';
import { requireUser } from '~/utils/auth.server';
import { shanghaiMidnight } from '~/utils/dates';
import { paren, formatDate, formatDateTime, formatMoney, formatNumber, formatQuantity } from '~/utils/format';
import { can, requirePermission } from '~/utils/permissions.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';

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
  'Contract',
  'MarketPrice',
  'Delivery',
  'Payment',
  'ApiToken',
  'Amendment',
] as const;
const DAY_MS = 86_400_000;
const PAGE_SIZE = 25;

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
    pageSize: PAGE_SIZE,
  });
  const events = await presentAuditEvents(result.events, user);
  return {
    events,
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    canVerify: can(user, 'verify', 'audit'),
  };
}

function Value({ value }: { value: Shown }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  switch (value.t) {
    case 'none':
      return <span className="muted">{t('common.none')}</span>;
    case 'text':
      return <>{value.v}</>;
    case 'num':
      return (
        <>
          {value.unit
            ? formatQuantity(lng, value.v, value.unit, { signed: value.signed })
            : formatNumber(lng, value.v, 3)}
        </>
      );
    case 'money':
      return <>{formatMoney(lng, value.fen)}</>;
    case 'date':
      return <>{formatDate(lng, value.v)}</>;
    case 'time':
      return <>{formatDateTime(lng, value.v)}</>;
    case 'word':
      return <>{t(value.key)}</>;
    case 'ref':
      return <>{value[lng]}</>;
    case 'bool':
      return <>{value.v ? t('common.yes') : t('common.no')}</>;
    case 'secret':
      return <span className="muted">{t('audit.secret')}</span>;
    case 'range':
      return (
        <>
          <Value value={value.min} /> ～ <Value value={value.max} />
        </>
      );
    case 'list':
      return (
        <>
          {value.items.map((item, i) => (
            <span key={i}>
              {i > 0 ? t('audit.listSeparator') : null}
              <Value value={item} />
            </span>
          ))}
        </>
      );
    case 'group':
      return <Fields fields={value.fields} />;
  }
}

function Fields({ fields }: { fields: ShownField[] }) {
  const { t } = useTranslation();
  return (
    <dl className="props changes">
      {fields.map((f) => (
        <div key={f.field} className="change">
          <dt>{t(`audit.fields.${f.field}`, f.field)}</dt>
          <dd>
            {f.before ? (
              <>
                <del>
                  <Value value={f.before} />
                </del>{' '}
                →{' '}
              </>
            ) : null}
            <Value value={f.after} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function EventCard({ event }: { event: ShownEvent }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const { actor, record } = event;
  const name = record[lng];
  return (
    <li className="card audit-event">
      <p className="audit-head">
        <time dateTime={new Date(event.at).toISOString()}>{formatDateTime(lng, event.at)}</time>{' '}
        <strong>{t(`audit.actions.${event.action}`)}</strong>{' '}
        {t(`audit.entities.${event.entity}`, event.entity)}{' '}
        {record.href ? <Link to={record.href}>{name}</Link> : <span>{name}</span>}
      </p>
      <p className="muted">
        {actor.role === 'system' ? t('audit.system') : actor.name}
        {actor.name !== actor.username ? paren(lng, actor.username) : null}
        {actor.role !== 'system' ? ` · ${t(`role.${actor.role}`, actor.role)}` : null}
        {actor.org ? ` · ${actor.org}` : null}
        {' · '}
        <Link to={record.historyHref}>{t('audit.history')}</Link>
      </p>
      {event.action === 'create' ? (
        <details>
          <summary>{t('audit.contents', { count: event.fields.length })}</summary>
          <Fields fields={event.fields} />
        </details>
      ) : (
        <Fields fields={event.fields} />
      )}
    </li>
  );
}

/** An official recomputes the town's audit chain: any event changed or removed is named. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'verify', 'audit');
  await readForm(request);
  const check = await verifyAuditTrail(scope.townId);
  return { check: { ok: check.ok, sealed: check.sealed, broken: check.broken } };
}

export const handle: PageHandle = { scripts: false, title: 'audit.title' };

export default function AuditPage() {
  const { events, total, page, pageSize, canVerify } = useLoaderData<typeof loader>();
  const check = useActionData<typeof action>()?.check;
  const { t, lng } = useTranslation();
  const [params] = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <h1>{t('audit.title')}</h1>
      {canVerify ? (
        <Form method="post" className="card">
          <FormGuard form="verifyaudit" />
          <p className="muted">{t('audit.verifyHint')}</p>
          {check ? (
            <p role="status" className={check.ok ? 'ok' : 'field-errors'}>
              {check.ok
                ? t('audit.verifiedOk', { count: check.sealed })
                : t('audit.verifiedBroken', {
                    seq: check.broken!.seq,
                    at: check.broken!.at ? formatDateTime(lng, check.broken!.at) : '—',
                    id: check.broken!.eventId,
                    problem: t(`audit.chainProblems.${check.broken!.problem}`),
                  })}
            </p>
          ) : null}
          <SubmitButton name="intent" value="verify" className="secondary">
            {t('audit.verify')}
          </SubmitButton>
        </Form>
      ) : null}
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
      <p className="muted" id="audit-count">
        {t('common.count', { count: total })}
      </p>
      {events.length === 0 ? <p className="muted">{t('common.empty')}</p> : null}
      <ol className="audit-list">
        {events.map((e) => (
          <EventCard key={e.id} event={e} />
        ))}
      </ol>
      <Pager page={page} hasMore={page < pages} pages={pages} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
