// One processing run: what went in (each lot's balance: held, drawn, left in stock), and — open —
// the close form: 计算 shows the losses and the yield against the product's band before
// 完成并生成批次 makes the product lots; closed, its outputs, losses and yield, and for officials
// the check of a flagged yield.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { checkRunCommand, closeRunCommand, getRun, planClose, runProducts } from '#models/plant';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink, Cell, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import { RunCheckSchema, RunCloseSchema } from '~/schemas/intake';
import { requireUser } from '~/utils/auth.server';
import { callerOf, execute, formRefusal } from '~/utils/commands.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDate, formatDateTime, formatNumber, formatWeight } from '~/utils/format';
import { intentOf, invalid, parseSubmission, readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'run');
  const found = await getRun(scope, idParam(params));
  if (!found) notFound();
  const { run, balance, names } = found;
  const mine = run.plantOrgId === String(user.orgId);
  const canClose = mine && run.status === 'open' && can(user, 'write', 'run');
  return {
    run,
    balance,
    plant: names[run.plantOrgId] ?? '—',
    owner: names[run.ownerOrgId] ?? '—',
    products: canClose ? await runProducts(user.townId!) : [],
    can: {
      close: canClose,
      check: run.flagged && !run.flagCheck && can(user, 'check', 'run'),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = String(idParam(params));
  const form = await readForm(request);
  const intent = intentOf(form, ['preview', 'close', 'check'] as const);
  if (!intent) notFound();
  const caller = callerOf(user, form);
  const here = `/runs/${id}`;
  if (intent === 'check') {
    requirePermission(user, 'check', 'run');
    const submission = parseSubmission(form, RunCheckSchema);
    if (submission.status !== 'success') return invalid(submission);
    const outcome = await execute(checkRunCommand, caller, { ...submission.value, id });
    return outcome.ok ? redirectWithFlash(here, 'run.checkSaved') : formRefusal(submission, outcome);
  }
  const scope = requirePermission(user, 'write', 'run');
  const submission = parseSubmission(form, RunCloseSchema);
  if (submission.status !== 'success') return invalid(submission);
  if (intent === 'preview') {
    const plan = await planClose(scope, idParam(params), submission.value);
    if (!plan.ok) return formRefusal(submission, plan);
    return {
      result: submission.reply(),
      preview: {
        waterLossKg: plan.waterLossKg,
        yieldPct: plan.yieldPct,
        band: plan.band,
        flagged: plan.flagged,
      },
    };
  }
  const outcome = await execute(closeRunCommand, caller, { ...submission.value, id });
  return outcome.ok ? redirectWithFlash(here, 'run.closedOk') : formRefusal(submission, outcome);
}

export const handle: PageHandle = { words: ['plant'], title: (_t, _lng, d) => d?.run.number };

export default function RunPage() {
  const { run, balance, plant, owner, products, can: allowed } = useLoaderData<typeof loader>();
  const { t, lng } = useTranslation();
  const kg = (v: number) => formatWeight(lng, v, 'kg', 'kg');
  return (
    <div className="narrow">
      <BackLink to="/runs">{t('run.title')}</BackLink>
      <h1>
        {t('run.run')} {run.number} <span className="badge">{t(`run.statuses.${run.status}`)}</span>
      </h1>
      <dl className="props">
        <dt>{t('run.plant')}</dt>
        <dd>{plant}</dd>
        <dt>{t('run.owner')}</dt>
        <dd>
          {owner}
          {run.toll ? ` · ${t('run.toll')}` : ''}
        </dd>
        <dt>{t('run.openedAt')}</dt>
        <dd>{formatDateTime(lng, run.openedAt)}</dd>
        {run.closedAt ? (
          <>
            <dt>{t('run.closedAt')}</dt>
            <dd>{formatDate(lng, run.closedAt)}</dd>
          </>
        ) : null}
        <dt>{t('run.inputKg')}</dt>
        <dd data-input>{kg(run.inputKg)}</dd>
        {run.status === 'closed' ? (
          <>
            {run.outputs.map((o) => (
              <span key={o.lotId} className="contents">
                <dt>{t(o.role === 'main' ? 'run.mainProduct' : 'run.byProduct')}</dt>
                <dd>
                  {o.productName} {kg(o.kg)} · <Link to={`/lots/${o.lotCode}`}>{o.lotCode}</Link>
                </dd>
              </span>
            ))}
            <dt>{t('run.wasteKg')}</dt>
            <dd>{kg(run.wasteKg)}</dd>
            <dt>{t('run.water')}</dt>
            <dd data-water>{kg(run.waterLossKg)}</dd>
            <dt>{t('run.yield')}</dt>
            <dd data-yield className={run.flagged ? 'flag' : undefined}>
              {formatNumber(lng, run.yieldPct ?? 0)}%
              {run.band.min !== null || run.band.max !== null
                ? ` · ${t('run.band', { min: run.band.min ?? '—', max: run.band.max ?? '—' })}`
                : ''}
              {run.flagged ? ` · ${t('run.flagged')}` : ''}
            </dd>
          </>
        ) : null}
        {run.flagCheck ? (
          <>
            <dt>{t('run.checked')}</dt>
            <dd>
              {run.flagCheck.by}
              {t('run.checkedSays')}
              {run.flagCheck.note}
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t('run.balance')}</h2>
      <Table
        cards
        head={
          <tr>
            <th>{t('run.lot')}</th>
            <th className="num">{t('run.held')}</th>
            <th className="num">{t('run.drawn')}</th>
            <th className="num">{t('run.rest')}</th>
          </tr>
        }
      >
        {balance.map((b) => (
          <tr key={b.code}>
            <Cell label={t('run.lot')}>{b.code}</Cell>
            <Cell label={t('run.held')} num>
              {kg(b.heldKg)}
            </Cell>
            <Cell label={t('run.drawn')} num>
              {kg(b.drawnKg)}
            </Cell>
            <Cell label={t('run.rest')} num>
              {kg(b.restKg)}
              {b.restCode ? ` · ${b.restCode}` : ''}
            </Cell>
          </tr>
        ))}
      </Table>
      {allowed.close ? <CloseForm products={products} inputKg={run.inputKg} /> : null}
      {allowed.check ? <CheckForm /> : null}
    </div>
  );
}

function CloseForm({
  products,
  inputKg,
}: {
  products: Array<{ id: string; name: string; nameEn: string }>;
  inputKg: number;
}) {
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof RunCloseSchema>(
    'close',
    actionData && 'result' in actionData ? actionData.result : undefined,
    { wasteKg: 0 },
  );
  const preview = actionData && 'preview' in actionData ? actionData.preview : null;
  const options = products.map((p) => ({ value: p.id, label: lng === 'en' && p.nameEn ? p.nameEn : p.name }));
  const kg = (v: number) => formatWeight(lng, v, 'kg', 'kg');
  return (
    <section className="card">
      <h2>{t('run.close')}</h2>
      <p className="hint">{t('run.closeHint', { input: kg(inputKg) })}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormGuard form="close" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField meta={fields.mainProductId} label={t('run.mainProduct')} options={options} />
        <TextField meta={fields.mainKg} label={t('run.mainKgField')} inputMode="decimal" />
        <SelectField meta={fields.byProductId} label={t('run.byProduct')} options={options} />
        <TextField meta={fields.byKg} label={t('run.byKgField')} inputMode="decimal" />
        <TextField meta={fields.wasteKg} label={t('run.wasteKgField')} inputMode="decimal" />
        {preview ? (
          <section className="preview" aria-live="polite" data-close-preview>
            <p>
              {t('run.closeWhat', {
                water: kg(preview.waterLossKg),
                yield: `${formatNumber(lng, preview.yieldPct)}%`,
              })}
            </p>
            {preview.flagged ? (
              <p className="flag">
                {t('run.willFlag', { min: preview.band.min ?? '—', max: preview.band.max ?? '—' })}
              </p>
            ) : null}
            <SubmitButton name="intent" value="close">
              {t('run.closeButton')}
            </SubmitButton>
          </section>
        ) : null}
        <div className="actions">
          <SubmitButton name="intent" value="preview" className="secondary">
            {t('run.calculate')}
          </SubmitButton>
        </div>
      </Form>
    </section>
  );
}

function CheckForm() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof RunCheckSchema>(
    'check',
    actionData && 'result' in actionData ? actionData.result : undefined,
  );
  return (
    <section className="card flag-card">
      <h2>{t('run.check')}</h2>
      <Form method="post" {...getFormProps(form)}>
        <FormGuard form="check" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextAreaField meta={fields.note} label={t('run.checkNote')} />
        <SubmitButton name="intent" value="check">
          {t('run.checkSave')}
        </SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
