// Submitting a delivery (交售) under an active contract: the lots (all or part of each), the
// weigh ticket, grade and moisture/impurity; 计算金额 shows how the price and amount follow
// from the contract before 提交 sends it to the buyer.
import { type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { lotsInStock } from '#models/lots';
import { productNames } from '~/utils/lots.server';
import { receivingPlants, townEnterprises } from '#models/town';
import {
  activeSellerContracts,
  explainPrice,
  planDelivery,
  submitDeliveryCommand,
  deliveryInputOf,
} from '#models/trade';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { PriceBreakdown } from '~/components/delivery-price';
import { PhotoField, photoErrorOf } from '~/components/ui/photo-field';
import { FormErrors, SelectField, TextField } from '~/components/ui/form';
import { BackLink } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { DELIVERY_LINES, lotField, qtyField } from '~/domain/delivery';
import { GRADES } from '~/domain/planting';
import { useTranslation } from '~/i18n/react';
import { DeliveryPreviewSchema, DeliverySchema, type DeliveryFormInput } from '~/schemas/delivery';
import { requireUser } from '~/utils/auth.server';
import { contractNames } from '~/utils/contracts.server';
import { todayInShanghai } from '~/utils/dates';
import { callerOf, submitCommand } from '~/utils/commands.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { paren, unitName, formatWeight } from '~/utils/format';
import { fromKg } from '~/domain/planting';
import { useWeightUnit } from '~/utils/use-weight-unit';
import { intentOf, invalid, parseSubmission } from '~/utils/forms.server';
import { photoTooLarge, readPhotoForm, takePhoto } from '~/utils/photo.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'delivery');
  const [contracts, lots, enterprises, plants] = await Promise.all([
    activeSellerContracts(scope),
    lotsInStock(scope),
    townEnterprises(scope.townId),
    receivingPlants(scope.townId),
  ]);
  const names = await contractNames(
    contracts.map((c) => ({
      buyerOrgId: c.buyerOrgId,
      sellerOrgId: c.sellerOrgId,
      productId: c.productId,
    })),
  );
  const url = new URL(request.url);
  // 交售此批次 (from a lot's page): that lot, all of it in the organization's unit, and the
  // contract when exactly one active contract is for its product; a lot older than the
  // picker's newest ones is looked up by its code
  const lotCode = url.searchParams.get('lot');
  let fromLot = lots.find((l) => l.code === lotCode);
  if (!fromLot && lotCode) {
    [fromLot] = await lotsInStock(scope, { code: lotCode.slice(0, 80) });
    if (fromLot) lots.push(fromLot);
  }
  const lotProducts = await productNames(lots.map((l) => l.productId));
  const wanted = url.searchParams.get('contract');
  const forProduct = fromLot ? contracts.filter((c) => c.productId === fromLot.productId) : contracts;
  const preset = contracts.find((c) => c.id === wanted) ?? (forProduct.length === 1 ? forProduct[0] : null);
  const spot = url.searchParams.get('spot') === '1';
  return {
    spot,
    buyers: enterprises.map((e) => ({ value: String(e.id), label: e.name })),
    // the receiving plants of the town's enterprises: where a delivery to one may be weighed in
    plants: plants.map((p) => ({
      value: String(p.id),
      plant: p.name,
      buyer: enterprises.find((e) => e.id.equals(p.servesOrgId))?.name ?? '—',
    })),
    contracts: contracts.map((c) => ({
      value: c.id,
      code: c.code,
      buyer: names.orgs[c.buyerOrgId] ?? '—',
      product: names.products[c.productId] ?? { zh: '—', en: '—' },
      unit: c.unit,
      left: Math.max(0, c.committedQty - c.deliveredQty),
      productId: c.productId,
    })),
    lots: lots
      .filter((l) => spot || !preset || l.productId === preset.productId)
      .map((l) => ({
        value: l.id,
        code: l.code,
        product: lotProducts[l.productId] ?? { zh: l.productName, en: l.productName },
        quantity: l.quantity,
        unit: l.unit,
      })),
    defaults: {
      contractId: spot ? 'spot' : preset ? preset.id : '',
      deliveredOn: todayInShanghai(),
      grade: fromLot?.grade ?? '',
      ...(fromLot && {
        lot1: fromLot.id,
        qty1: String(fromLot.unit === 'kg' ? fromKg(fromLot.quantity, user.weightUnit) : fromLot.quantity),
      }),
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'delivery');
  const form = await readPhotoForm(request);
  if (!form) return photoTooLarge();
  const intent = intentOf(form, ['preview', 'submit'] as const) ?? 'submit';
  // the weigh ticket's photo: an image by its bytes, at most 2 MB (read apart from the fields)
  const { photo, error: photoError } = await takePhoto(form);
  // 计算金额 works out the amount before the weigh ticket's number is at hand
  const submission = parseSubmission(form, intent === 'preview' ? DeliveryPreviewSchema : DeliverySchema);
  if (submission.status !== 'success') return invalid(submission);
  if (photoError) return invalid(submission, { photo: [photoError] });
  if (intent === 'preview') {
    const value = submission.value as DeliveryFormInput & { weighTicket?: string };
    const plan = await planDelivery(
      scope,
      deliveryInputOf({ ...value, weighTicket: value.weighTicket ?? '' }),
    );
    if (!plan.ok) return invalid(submission, plan.errors);
    return {
      result: submission.reply(),
      preview: {
        figures: plan.figures,
        steps: await explainPrice(plan.contract?._id ?? null, plan.figures),
        unit: plan.taken[0]!.lot.unit,
        depositCreditFen: plan.depositCreditFen,
        splits: plan.taken
          .filter((t) => t.quantity < t.lot.quantity)
          .map((t) => ({ code: t.lot.code, quantity: t.quantity, rest: t.lot.quantity - t.quantity })),
        left: plan.left,
      },
    };
  }
  const saved = await submitCommand(submitDeliveryCommand, callerOf(user, form), submission, { photo });
  if (!saved.ok) return saved.response;
  return redirectWithFlash(`/deliveries/${saved.value.id}`, 'delivery.submitted');
}

export const handle: PageHandle = { words: ['plant'], title: 'delivery.new' };

export default function NewDeliveryPage() {
  const { contracts, lots, defaults, buyers, spot, plants } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const shownIn = useWeightUnit();
  const [form, fields] = useZodForm<typeof DeliverySchema>(
    'delivery',
    actionData && 'result' in actionData ? actionData.result : undefined,
    defaults,
  );
  const preview = actionData && 'preview' in actionData ? actionData.preview : null;
  const photoError = photoErrorOf(actionData);
  const f = fields as unknown as Record<string, (typeof fields)['contractId']>;
  const weightWord = unitName(lng, shownIn, 2);
  const moreOpen = Array.from({ length: DELIVERY_LINES - 1 }, (_, i) => i + 2).some(
    (i) => f[lotField(i)]?.value || f[qtyField(i)]?.value || f[lotField(i)]?.errors || f[qtyField(i)]?.errors,
  );
  const line = (i: number) => (
    <div className="line" key={i}>
      <SelectField
        meta={f[lotField(i)]!}
        label={t('delivery.lotN', { n: i })}
        options={lots.map((l) => ({
          value: l.value,
          // the quantity before the product's name: a phone's select cuts the end off
          label: `${l.code} · ${formatWeight(lng, l.quantity, l.unit, shownIn)} · ${l.product[lng]}`,
        }))}
      />
      <TextField
        meta={f[qtyField(i)]!}
        label={t('delivery.lineQty', { unit: weightWord })}
        inputMode="decimal"
        hint={i === 1 ? t('delivery.lineQtyHint', { unit: weightWord }) : undefined}
      />
    </div>
  );
  return (
    <div className="narrow">
      <BackLink to="/deliveries">{t('delivery.title')}</BackLink>
      <h1>{t('delivery.new')}</h1>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="card">
        <FormGuard form="delivery" />
        <FormErrors id={form.errorId} errors={form.errors} />
        {contracts.length === 0 && !spot ? <p className="muted">{t('delivery.noContracts')}</p> : null}
        <SelectField
          meta={fields.contractId}
          label={t('delivery.contract')}
          options={[
            ...contracts.map((c) => ({
              value: c.value,
              label: `${c.code} · ${c.product[lng]} · ${c.buyer}${paren(lng, t('delivery.left', { qty: formatWeight(lng, c.left, c.unit, shownIn) }))}`,
            })),
            { value: 'spot', label: t('delivery.spotOption') },
          ]}
        />
        {spot || fields.contractId.value === 'spot' ? (
          <>
            <SelectField meta={fields.buyerOrgId} label={t('delivery.spotBuyer')} options={buyers} />
            <TextField
              meta={fields.agreedYuan}
              label={t('delivery.agreedYuan')}
              inputMode="decimal"
              hint={t('delivery.agreedHint')}
            />
          </>
        ) : (
          <p className="muted">
            <a href="/deliveries/new?spot=1">{t('delivery.spotLink')}</a>
          </p>
        )}
        <TextField meta={fields.deliveredOn} label={t('delivery.deliveredOn')} type="date" />
        <TextField
          meta={fields.weighTicket}
          label={`${t('delivery.weighTicket')}${paren(lng, t('v.required'))}`}
          hint={t('delivery.weighTicketHint')}
          autoComplete="off"
        />
        {plants.length ? (
          <SelectField
            meta={fields.plantOrgId}
            label={t('delivery.plantOrgId')}
            hint={t('delivery.plantHint')}
            options={plants.map((p) => ({ value: p.value, label: t('delivery.plantOption', p) }))}
          />
        ) : null}
        <fieldset className="lines">
          <legend>{t('delivery.lots')}</legend>
          <p className="hint">{t('delivery.lotsHint')}</p>
          <input type="hidden" name="weightUnit" value={shownIn} />
          {line(1)}
          {/* the other lines stay folded until wanted (a phone's form is not four screens long);
              a line already filled, or refused, stays open */}
          <details className="more-lines" open={moreOpen || undefined}>
            <summary>{t('delivery.moreLots', { n: DELIVERY_LINES })}</summary>
            {Array.from({ length: DELIVERY_LINES - 1 }, (_, i) => i + 2).map(line)}
          </details>
        </fieldset>
        <SelectField
          meta={fields.grade}
          label={t('harvest.grade')}
          options={GRADES.map((g) => ({ value: g, label: t(`harvest.grades.${g}`) }))}
        />
        <TextField meta={fields.moisturePct} label={t('delivery.moisturePct')} inputMode="decimal" />
        <TextField meta={fields.impurityPct} label={t('delivery.impurityPct')} inputMode="decimal" />
        <PhotoField
          id="delivery-photo"
          label={t('delivery.photo')}
          hint={t('delivery.photoHint')}
          error={photoError}
        />
        {preview ? (
          <section className="preview" aria-live="polite">
            <h2>{t('delivery.preview')}</h2>
            <PriceBreakdown
              figures={preview.figures}
              unit={preview.unit}
              depositCreditFen={preview.depositCreditFen}
              steps={preview.steps}
            />
            {preview.splits.map((s) => (
              <p key={s.code} className="muted">
                {t('delivery.splitNote', {
                  code: s.code,
                  qty: formatWeight(lng, s.quantity, preview.unit, shownIn),
                  rest: formatWeight(lng, s.rest, preview.unit, shownIn),
                })}
              </p>
            ))}
          </section>
        ) : null}
        <div className="actions">
          <SubmitButton name="intent" value="preview" className="secondary">
            {t('delivery.calculate')}
          </SubmitButton>
          <SubmitButton name="intent" value="submit">
            {t('delivery.submit')}
          </SubmitButton>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
