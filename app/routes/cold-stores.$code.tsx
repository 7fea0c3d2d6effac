// One cold store: its compliance over its readings, the chart and table, handheld readings and a
// logger's file for its keeper, and the lots in it (in and out by code).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { getStore, moveStoreLotCommand, recordFormReadingCommand } from '#models/coldchain';
import { ReadingForm, UploadForm, type UploadAnswer } from '~/components/coldchain/forms';
import { ColdReadings } from '~/components/coldchain/readings';
import { visibleLotIds } from '#models/lots';
import { bandText, ComplianceSummary } from '~/components/coldchain/summary';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, TextField } from '~/components/ui/form';
import { BackLink, Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { shanghaiLocalInput } from '~/domain/time';
import { useTranslation } from '~/i18n/react';
import { FormReadingSchema, StoreLotSchema } from '~/schemas/coldchain';
import { requireUser } from '~/utils/auth.server';
import { callerOf, execute, formRefusal } from '~/utils/commands.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDateTime, formatQuantity } from '~/utils/format';
import { intentOf, invalid, parseSubmission, readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { isUpload, subjectCode, uploadAnswer } from '~/utils/coldchain.server';
import { can, notFound, requirePermission } from '~/utils/permissions.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'coldstore');
  const found = await getStore(scope, subjectCode(params));
  if (!found) notFound();
  const keeper = String(found.store.orgId) === String(user.orgId);
  // a lot is linked only where the reader may open it
  const openable = can(user, 'read', 'lot')
    ? await visibleLotIds(
        requirePermission(user, 'read', 'lot'),
        found.lots.map((l) => l.lotId),
      )
    : new Set<string>();
  return {
    ...found,
    lots: found.lots.map(({ lotId, ...l }) => ({ ...l, openable: openable.has(String(lotId)) })),
    now: shanghaiLocalInput(new Date()),
    can: {
      record: keeper && can(user, 'write', 'reading'),
      lots: keeper && can(user, 'write', 'coldstore'),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const code = subjectCode(params);
  const here = `/cold-stores/${code}`;
  if (isUpload(request)) return uploadAnswer(request, user, 'store', code);
  const form = await readForm(request);
  const intent = intentOf(form, ['reading', 'in', 'out'] as const);
  if (!intent) notFound();
  const caller = callerOf(user, form);
  if (intent === 'reading') {
    const submission = parseSubmission(form, FormReadingSchema);
    if (submission.status !== 'success') return invalid(submission);
    const outcome = await execute(recordFormReadingCommand, caller, {
      kind: 'store',
      code,
      ...submission.value,
    });
    return outcome.ok ? redirectWithFlash(here, 'reading.saved') : formRefusal(submission, outcome);
  }
  const submission = parseSubmission(form, StoreLotSchema);
  if (submission.status !== 'success') return invalid(submission);
  const outcome = await execute(moveStoreLotCommand, caller, { code, move: intent, ...submission.value });
  return outcome.ok
    ? redirectWithFlash(here, intent === 'in' ? 'store.lotIn' : 'store.lotOut')
    : formRefusal(submission, outcome);
}

export const handle: PageHandle = { words: ['coldchain'], title: 'store.page' };

export default function StorePage() {
  const {
    store,
    judgment,
    chart,
    table,
    readingsTotal,
    lots,
    can: may,
    now,
  } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as { result?: never; upload?: UploadAnswer } | undefined;
  const result = answer && 'result' in answer ? (answer.result as never) : undefined;
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof StoreLotSchema>('store-lot', result);
  const inside = lots.filter((l) => !l.outAt);
  return (
    <>
      <BackLink to="/cold-stores">{t('nav.coldStores')}</BackLink>
      <h1>{store.name}</h1>
      <p className="lead">
        {store.code} · {store.keeper} · {bandText(store.profile)}
        {store.address ? ` · ${store.address}` : ''}
      </p>
      <ComplianceSummary j={judgment} profile={store.profile} />
      <ColdReadings
        judgment={judgment}
        chart={chart}
        table={table}
        total={readingsTotal}
        band={store.profile}
      />
      {may.record ? <ReadingForm lastResult={result} now={now} /> : null}
      {may.record ? <UploadForm answer={answer?.upload} /> : null}
      <h2>{t('store.lots', { count: inside.length })}</h2>
      {may.lots ? (
        <Form method="post" {...getFormProps(form)} className="card">
          <FormGuard form="store-lot" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField meta={fields.lotCode} label={t('store.lotCode')} autoComplete="off" />
          <div className="actions">
            <SubmitButton name="intent" value="in">
              {t('store.putIn')}
            </SubmitButton>
            <SubmitButton name="intent" value="out" className="secondary">
              {t('store.takeOut')}
            </SubmitButton>
          </div>
        </Form>
      ) : null}
      <Table
        cards
        head={
          <tr>
            <th>{t('store.lotCode')}</th>
            <th>{t('store.inAt')}</th>
            <th>{t('store.outAt')}</th>
          </tr>
        }
      >
        {lots.length === 0 ? <EmptyRow colSpan={3} /> : null}
        {lots.map((l) => (
          <tr key={`${l.code}-${String(l.inAt)}`}>
            <Cell label={t('store.lotCode')} status>
              {l.openable ? <Link to={`/lots/${l.code}`}>{l.code}</Link> : l.code} · {l.productName} ·{' '}
              {formatQuantity(lng, l.quantity, l.unit as never)}
            </Cell>
            <Cell label={t('store.inAt')}>{formatDateTime(lng, l.inAt)}</Cell>
            <Cell label={t('store.outAt')}>{l.outAt ? formatDateTime(lng, l.outAt) : t('store.inside')}</Cell>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
