// A figure's table (made on the server, app/utils/dashboard-tables.server.ts): beside its
// chart, for screen readers and for people who would rather read numbers, with links to the
// records behind each row and exports of the same rows.
import { useState, type MouseEvent } from 'react';
import { Link } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { formatDate, formatNumber } from '~/utils/format';

export interface FigureTableData {
  id: string;
  title: string;
  columns: Array<{ header: string; num?: boolean; date?: boolean; decimals?: number; wrap?: boolean }>;
  rows: Array<{ cells: Array<string | number | Date | null>; link?: string | null }>;
}

export function FigureTableView({
  table,
  exportQuery,
  exportPath = '/dashboard/export',
  open = false,
  staleAfter,
}: {
  table: FigureTableData;
  exportQuery: string;
  exportPath?: string;
  open?: boolean;
  /** rows whose last cell (days) is empty or above this are marked */
  staleAfter?: number;
}) {
  const { t, lng } = useTranslation();
  const show = (
    v: FigureTableData['rows'][number]['cells'][number],
    c: FigureTableData['columns'][number],
  ) => {
    if (v === null || v === undefined) return '—';
    if (c.date) return formatDate(lng, v as string);
    if (typeof v === 'number') return formatNumber(lng, v, c.decimals ?? 2);
    return String(v);
  };
  const body = (
    <>
      <div className="table-wrap">
        <table data-table={table.id}>
          <caption className="visually-hidden">{table.title}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.header} className={c.num ? 'num' : undefined} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={table.columns.length} className="muted">
                  {t('dashboard.noData')}
                </td>
              </tr>
            ) : (
              table.rows.map((r, i) => {
                const last = r.cells[r.cells.length - 1];
                const stale = staleAfter !== undefined && (last === null || Number(last) > staleAfter);
                return (
                  <tr key={i} className={stale ? 'stale' : undefined}>
                    {r.cells.map((v, j) => (
                      <td
                        key={j}
                        className={table.columns[j].num ? 'num' : table.columns[j].wrap ? 'wrap' : undefined}
                      >
                        {j === 0 && r.link ? (
                          <Link to={r.link}>{show(v, table.columns[j])}</Link>
                        ) : (
                          show(v, table.columns[j])
                        )}
                        {j === r.cells.length - 1 && stale ? (
                          <span className="badge warn"> {t('dashboard.stale')}</span>
                        ) : null}
                      </td>
                    ))}
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
      <ExportLinks href={`${exportPath}?${exportQuery}&table=${table.id}`} />
    </>
  );
  return (
    <details className="figure-table" open={open || undefined}>
      <summary>
        {table.title} · {t('dashboard.table')}
      </summary>
      {body}
    </details>
  );
}

/**
 * Links to the XLSX and CSV files. With JavaScript, a click downloads through fetch and shows
 * how much has arrived (the server says the size); without it they are plain downloads.
 */
export function ExportLinks({ href }: { href: string }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<string | null>(null);
  const download = async (event: MouseEvent<HTMLAnchorElement>, url: string) => {
    if (typeof window === 'undefined' || !window.ReadableStream) return;
    event.preventDefault();
    setProgress('0%');
    try {
      const res = await fetch(url);
      if (!res.ok || !res.body) throw new Error(String(res.status));
      const total = Number(res.headers.get('Content-Length')) || 0;
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        setProgress(total ? `${Math.round((received / total) * 100)}%` : `${Math.round(received / 1024)} KB`);
      }
      const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('Content-Disposition') ?? '')?.[1];
      const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('Content-Type') ?? undefined });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = name ? decodeURIComponent(name) : 'export';
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      setProgress(null);
    } catch {
      setProgress('failed');
    }
  };
  const xlsx = `${href}&format=xlsx`;
  const csv = `${href}&format=csv`;
  return (
    <p className="export-links">
      {t('dashboard.export')}:{' '}
      <a href={xlsx} download onClick={(e) => download(e, xlsx)}>
        {t('dashboard.exportXlsx')}
      </a>{' '}
      ·{' '}
      <a href={csv} download onClick={(e) => download(e, csv)}>
        {t('dashboard.exportCsv')}
      </a>
      {progress === 'failed' ? (
        <span role="alert" className="error">
          {' '}
          {t('dashboard.exportFailed')}
        </span>
      ) : progress ? (
        <span role="status" className="muted">
          {' '}
          {t('dashboard.exporting', { percent: progress })}
        </span>
      ) : null}
    </p>
  );
}
