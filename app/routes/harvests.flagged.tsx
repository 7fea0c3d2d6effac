// Harvests whose yield is implausible for the crop: saved, and listed here for the town to
// check. An official notes what they found; checked flags leave the list (they stay readable).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { listFlaggedHarvests } from '#models/field';
import { listProducts } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDate, formatDateTime, formatNumber, formatQuantity, type Unit } from '~/utils/format';
import { can, requirePermission } from '~/utils/permissions.server';
import { namesOf, plantingChoices } from '~/utils/plantings.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';
import { checkHarvestFlagCommand } from '#models/field';
import { callerOf, submitCommand } from '~/utils/commands.server';
import { parseSubmission, readForm } from '~/utils/forms.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'harvest');
  if (scope.access === 'own') throw data({ error: 'forbidden' }, { status: 403 });
  const checked = new URL(request.url).searchParams.get('checked') === '1';
  const [harvests, choices, crops] = await Promise.all([
    listFlaggedHarvests(scope, { checked }),
    plantingChoices(user),
    listProducts(scope, { category: 'crop', includeArchived: true }),
  ]);
  return {
    harvests,
    villages: namesOf(choices.villages),
    crops: Object.fromEntries(
      crops.map((c) => [c.id, { zh: c.name, en: c.nameEn || c.name, range: c.yieldKgPerMu }]),
    ),
    coops: namesOf(choices.cooperatives),
    canCheck: can(user, 'check', 'harvest'),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, ...checkHarvestFlagCommand.permission);
  const form = await readForm(request);
  const submission = parseSubmission(form, checkHarvestFlagCommand.input);
  if (submission.status !== 'success') return redirectWithFlash('/harvests/flagged', 'v.invalid');
  const saved = await submitCommand(checkHarvestFlagCommand, callerOf(user, form), submission);
  if (!saved.ok) return saved.response;
  return redirectWithFlash('/harvests/flagged', 'harvest.flagCheckedOk');
}

export const handle: PageHandle = { title: 'planting.flagged' };

export default function FlaggedHarvestsPage() {
  const { harvests, villages, crops, coops, canCheck } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  const [params] = useSearchParams();
  const showChecked = params.get('checked') === '1';
  return (
    <>
      <h1>{t('planting.flagged')}</h1>
      <p className="muted">{t('planting.flaggedIntro')}</p>
      <p className="actions">
        <Link to={showChecked ? '/harvests/flagged' : '/harvests/flagged?checked=1'}>
          {t(showChecked ? 'harvest.showUnchecked' : 'harvest.showChecked')}
        </Link>
      </p>
      {harvests.length === 0 ? <p className="muted">{t('common.empty')}</p> : null}
      {harvests.map((h) => {
        const crop = crops[h.productId];
        return (
          <article key={h.id} className="card flag-card">
            <h2>
              <span className="badge warn">{t(`harvest.flags.${h.flag}`)}</span>{' '}
              {villages[h.villageId] ?? '—'} · {crop?.[lng] ?? '—'}
            </h2>
            <dl className="props">
              <dt>{t('planting.cooperative')}</dt>
              <dd>{coops[h.orgId] ?? '—'}</dd>
              <dt>{t('harvest.harvestedOn')}</dt>
              <dd>
                <Link to={`/plantings/${h.plantingId}`}>{formatDate(lng, h.harvestedOn)}</Link>
              </dd>
              <dt>{t('harvest.quantity')}</dt>
              <dd>{formatQuantity(lng, h.enteredQuantity, h.enteredUnit as Unit)}</dd>
              <dt>{t('planting.yield')}</dt>
              <dd>
                {t('harvest.yieldAgainstRange', {
                  yield: formatNumber(lng, h.yieldKgPerMu, 0),
                  min: formatNumber(lng, crop?.range.min ?? null),
                  max: formatNumber(lng, crop?.range.max ?? null),
                })}
              </dd>
              {h.flagCheck ? (
                <>
                  <dt>{t('harvest.flagChecked')}</dt>
                  <dd>
                    {h.flagCheck.by} · {formatDateTime(lng, h.flagCheck.at)}
                    {h.flagCheck.note ? ` · ${h.flagCheck.note}` : ''}
                  </dd>
                </>
              ) : null}
            </dl>
            {canCheck && !h.flagCheck ? (
              <Form method="post" className="check-form">
                <FormGuard form={`check${h.id.slice(-8)}`} />
                <input type="hidden" name="harvestId" value={h.id} />
                <label htmlFor={`note-${h.id}`}>{t('harvest.checkNote')}</label>
                <textarea id={`note-${h.id}`} name="note" rows={2} maxLength={300} />
                <SubmitButton className="secondary">{t('harvest.markChecked')}</SubmitButton>
              </Form>
            ) : null}
          </article>
        );
      })}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
