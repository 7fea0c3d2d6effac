import { Form, Link, useLocation, useSearchParams } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from '~/i18n/react';
import { FormGuard, SubmitButton } from './submit';

/** Title, "new" button and the archived toggle above a master-data list. */
export function ListHeader({ title, newTo, canWrite }: { title: string; newTo: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const showArchived = params.get('archived') === '1';
  const toggle = new URLSearchParams(params);
  if (showArchived) toggle.delete('archived');
  else toggle.set('archived', '1');
  return (
    <>
      <h1>{title}</h1>
      <div className="actions">
        {canWrite ? (
          <Link className="button" to={newTo}>
            {t('action.create')}
          </Link>
        ) : null}
        <Link to={`?${toggle}`}>{showArchived ? t('action.hideArchived') : t('action.showArchived')}</Link>
      </div>
    </>
  );
}

export function StatusBadge({ archivedAt }: { archivedAt: Date | string | null }) {
  const { t } = useTranslation();
  return archivedAt ? <span className="badge muted">{t('common.archived')}</span> : null;
}

/** Archive / restore buttons for an edit page, plus a link to the record's audit history. */
export function ArchiveControls({
  archivedAt,
  recordId,
  showHistory = true,
}: {
  archivedAt: Date | string | null;
  recordId: string;
  showHistory?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <Form method="post" className="inline-form">
        <FormGuard form="archive" />
        {archivedAt ? (
          <SubmitButton name="intent" value="restore" className="secondary">
            {t('action.restore')}
          </SubmitButton>
        ) : (
          <SubmitButton name="intent" value="archive" className="secondary">
            {t('action.archive')}
          </SubmitButton>
        )}
      </Form>
      {showHistory ? <Link to={`/audit?recordId=${recordId}`}>{t('audit.history')}</Link> : null}
    </div>
  );
}

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <p>
      <Link to={to}>← {children}</Link>
    </p>
  );
}

/**
 * A table. With `cards`, on a phone each row becomes a card of label–value lines (cells carry
 * their column's name in `data-label`, see Cell), its first cell the key; otherwise it
 * scrolls sideways inside itself rather than widening the page.
 */
export function Table({
  head,
  children,
  foot,
  cards = false,
}: {
  head: ReactNode;
  children: ReactNode;
  foot?: ReactNode;
  cards?: boolean;
}) {
  return (
    <div className={cards ? 'table-wrap cards' : 'table-wrap'}>
      <table>
        <thead>{head}</thead>
        <tbody>{children}</tbody>
        {foot ? <tfoot>{foot}</tfoot> : null}
      </table>
    </div>
  );
}

/** A cell that names its column, for the card layout of a table on a phone. */
export function Cell({
  label,
  num = false,
  status = false,
  wrap = false,
  children,
}: {
  label: string;
  num?: boolean;
  /** the row's status: the card's first line on a phone */
  status?: boolean;
  /** free text that wraps instead of widening the table */
  wrap?: boolean;
  children?: ReactNode;
}) {
  const classes = [num && 'num', status && 'status', wrap && 'wrap'].filter(Boolean).join(' ');
  return (
    <td data-label={label} className={classes || undefined}>
      {children}
    </td>
  );
}

export function EmptyRow({ colSpan }: { colSpan: number }) {
  const { t } = useTranslation();
  return (
    <tr>
      <td colSpan={colSpan} className="muted">
        {t('common.empty')}
      </td>
    </tr>
  );
}

/**
 * Previous / next links for a paged list, keeping the rest of the address (its filters);
 * with `pages`, the number of pages is said too.
 */
export function Pager({ page, hasMore, pages }: { page: number; hasMore: boolean; pages?: number }) {
  const { t } = useTranslation();
  const location = useLocation();
  if (page <= 1 && !hasMore) return null;
  const link = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set('page', String(p));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav className="pager" aria-label={t('common.pages')}>
      {page > 1 ? <Link to={link(page - 1)}>{t('common.prev')}</Link> : null}
      <span>{pages ? t('common.page', { page, pages }) : t('common.pageOnly', { page })}</span>
      {hasMore ? <Link to={link(page + 1)}>{t('common.next')}</Link> : null}
    </nav>
  );
}
