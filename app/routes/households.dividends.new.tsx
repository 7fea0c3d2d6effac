// Distributing a cooperative's surplus for a year (二次返利 / 盈余分配). The clerk enters the
// distributable surplus and, if it likes, a share above 60 % for transaction volume; the page
// works out every member's amount to the 分 (by volume: what the cooperative bought from the
// household that year; the rest by shares: cash plus land at the cooperative's rate), and the
// clerk approves it. Approved, it never changes.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { proposeDividend } from '#models/households';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextField } from '~/components/ui/form';
import { BackLink, Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { MIN_VOLUME_PCT } from '~/domain/household';
import { useTranslation } from '~/i18n/react';
import { DividendSchema } from '~/schemas/household';
import { requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { redirectWithFlash } from '~/utils/flash.server';
import { colon, paren, formatMoney, formatNumber } from '~/utils/format';
import { intentOf, invalid, parseSubmission, readForm } from '~/utils/forms.server';
import { villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { approveDividendCommand, dividendInputOf } from '#models/households';
import { callerOf, submitCommand } from '~/utils/commands.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'dividend');
  const today = todayInShanghai();
  return { today, lastYear: String(Number(today.slice(0, 4)) - 1) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'dividend');
  const form = await readForm(request);
  const intent = intentOf(form, ['preview', 'approve'] as const);
  if (!intent) notFound();
  const submission = parseSubmission(form, DividendSchema);
  if (submission.status !== 'success') return invalid(submission);
  const input = dividendInputOf(submission.value);
  if (intent === 'approve') {
    const saved = await submitCommand(approveDividendCommand, callerOf(user, form), submission);
    if (!saved.ok) return saved.response;
    return redirectWithFlash(
      `/households/dividends/${saved.value.id}`,
      `dividend.approved|${JSON.stringify({ number: saved.value.number })}`,
    );
  }
  const { rows, split } = await proposeDividend(scope, input);
  if (!split.ok) {
    return invalid(submission, {
      [split.error === 'belowFloor' ? 'volumePct' : 'surplusYuan']: [`dividend.${split.error}`],
    });
  }
  const villages = await villageNames(user.townId);
  const preview: Preview = {
    volumePct: split.volumePct,
    byVolumeFen: split.byVolumeFen,
    bySharesFen: split.bySharesFen,
    noShares: split.volumePct === 100 && input.volumePct < 100,
    lines: split.lines.map((l, i) => ({
      householdId: l.householdId,
      village: villages.names[String(rows[i].villageId)] ?? '',
      number: rows[i].number,
      head: rows[i].head,
      volumeFen: l.volumeFen,
      shareFen: l.shareFen,
      byVolumeFen: l.byVolumeFen,
      bySharesFen: l.bySharesFen,
      amountFen: l.amountFen,
    })),
  };
  return data({ result: submission.reply(), preview });
}

interface Preview {
  volumePct: number;
  byVolumeFen: number;
  bySharesFen: number;
  noShares: boolean;
  lines: Array<{
    householdId: string;
    village: string;
    number: string;
    head: string;
    volumeFen: number;
    shareFen: number;
    byVolumeFen: number;
    bySharesFen: number;
    amountFen: number;
  }>;
}

export const handle: PageHandle = { title: 'dividend.new' };

export default function NewDividendPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const preview = (actionData as { preview?: Preview } | undefined)?.preview ?? null;
  const [form, fields] = useZodForm<typeof DividendSchema>('dividend', actionData?.result, {
    year: d.lastYear,
    volumePct: String(MIN_VOLUME_PCT),
    landYuanPerMu: '0',
    paidOn: d.today,
  });
  const num = { type: 'number' as const, inputMode: 'decimal' as const, step: 'any', min: 0 };
  const total = preview?.lines.reduce((a, l) => a + l.amountFen, 0) ?? 0;
  return (
    <div>
      <BackLink to="/households/dividends">{t('dividend.title')}</BackLink>
      <h1>{t('dividend.new')}</h1>
      <Form method="post" className="card narrow" {...getFormProps(form)}>
        <FormGuard form={form.id} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="grid">
          <TextField meta={fields.year} label={t('dividend.year')} type="number" inputMode="numeric" />
          <TextField meta={fields.surplusYuan} label={t('dividend.surplusYuan')} {...num} />
          <TextField
            meta={fields.volumePct}
            label={t('dividend.volumePct')}
            hint={t('dividend.volumeHint')}
            {...num}
            min={MIN_VOLUME_PCT}
            max={100}
          />
          <TextField
            meta={fields.landYuanPerMu}
            label={t('dividend.landYuanPerMu')}
            hint={t('dividend.landHint')}
            {...num}
          />
          <TextField meta={fields.paidOn} label={t('dividend.paidOn')} type="date" />
        </div>
        <div className="actions">
          <SubmitButton name="intent" value="preview" className="secondary">
            {t('dividend.preview')}
          </SubmitButton>
          {preview ? (
            <SubmitButton name="intent" value="approve">
              {t('dividend.approve')}
            </SubmitButton>
          ) : null}
        </div>
        {preview ? <p className="muted">{t('dividend.approveHint')}</p> : null}
      </Form>
      {preview ? (
        <section>
          <p>
            {t('dividend.byVolume')} {formatNumber(lng, preview.volumePct)}%{colon(lng)}
            <strong>{formatMoney(lng, preview.byVolumeFen)}</strong> · {t('dividend.byShares')}
            {colon(lng)}
            <strong>{formatMoney(lng, preview.bySharesFen)}</strong>
            {preview.noShares ? <span className="muted">{paren(lng, t('dividend.noShares'))}</span> : null}
          </p>
          <Table
            cards
            head={
              <tr>
                <th>{t('household.village')}</th>
                <th>{t('household.number')}</th>
                <th>{t('household.head')}</th>
                <th className="num">{t('dividend.volume')}</th>
                <th className="num">{t('dividend.shareValue')}</th>
                <th className="num">{t('dividend.byVolume')}</th>
                <th className="num">{t('dividend.byShares')}</th>
                <th className="num">{t('dividend.amount')}</th>
              </tr>
            }
            foot={
              <tr>
                <td colSpan={7}>{t('dividend.total')}</td>
                <td className="num">
                  <strong>{formatMoney(lng, total)}</strong>
                </td>
              </tr>
            }
          >
            {preview.lines.length === 0 ? <EmptyRow colSpan={8} /> : null}
            {preview.lines.map((l) => (
              <tr key={l.householdId}>
                <td>{l.village}</td>
                <Cell label={t('household.number')}>{l.number}</Cell>
                <Cell label={t('household.head')}>{l.head}</Cell>
                <Cell label={t('dividend.volume')} num>
                  {formatMoney(lng, l.volumeFen)}
                </Cell>
                <Cell label={t('dividend.shareValue')} num>
                  {formatMoney(lng, l.shareFen)}
                </Cell>
                <Cell label={t('dividend.byVolume')} num>
                  {formatMoney(lng, l.byVolumeFen)}
                </Cell>
                <Cell label={t('dividend.byShares')} num>
                  {formatMoney(lng, l.bySharesFen)}
                </Cell>
                <Cell label={t('dividend.amount')} num>
                  <strong>{formatMoney(lng, l.amountFen)}</strong>
                </Cell>
              </tr>
            ))}
          </Table>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
