// Reference market prices: officials enter a product's price for a day, or fetch the day's
// prices from the configured feed; the town's organizations read them.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { listPrices } from '#models/trade';
import { townProducts } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/ui/form';
import { Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import { PriceSchema } from '~/schemas/price';
import { requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { getEnv } from '~/utils/env.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { formatDate, formatMoney, unitName } from '~/utils/format';
import { intentOf, readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { fetchFeedPricesCommand, setPriceCommand } from '#models/trade';
import { buttonRefusal, callerOf, execute, formCommand } from '~/utils/commands.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'price');
  const [prices, products] = await Promise.all([listPrices(scope), townProducts(user.townId)]);
  const product = new Map(products.map((p) => [p.id, p]));
  return {
    prices: prices.map((p) => {
      const pr = product.get(p.productId);
      return {
        id: p.id,
        day: p.day,
        fen: p.fen,
        source: p.source,
        note: p.note,
        unit: pr?.unit ?? 'kg',
        product: { zh: pr?.name ?? '—', en: pr?.nameEn || pr?.name || '—' },
      };
    }),
    products: products
      .filter((p) => !p.archived)
      .map((p) => ({ value: p.id, label: p.name, labelEn: p.nameEn || p.name })),
    canWrite: can(user, 'write', 'price'),
    feed: !!getEnv().PRICE_FEED_URL,
    today: todayInShanghai(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'price');
  const form = await readForm(request);
  if (intentOf(form, ['fetch'] as const)) {
    const url = getEnv().PRICE_FEED_URL;
    if (!url) notFound();
    const result = await execute(fetchFeedPricesCommand, callerOf(user, form), { url });
    if (!result.ok) return buttonRefusal('/prices', result);
    const { written, unknown } = result.value;
    return redirectWithFlash(
      '/prices',
      `prices.fetched|${JSON.stringify({ count: written, unknown: unknown.join('、') || '—' })}`,
    );
  }
  return formCommand(form, user, setPriceCommand, PriceSchema, { done: () => ['/prices', 'common.saved'] });
}

export const handle: PageHandle = { title: 'prices.title' };

export default function PricesPage() {
  const { prices, products, canWrite, feed, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof PriceSchema>(
    'price',
    actionData && 'result' in actionData ? actionData.result : undefined,
    {
      day: today,
    },
  );
  return (
    <>
      <h1>{t('prices.title')}</h1>
      <p className="muted">{t('prices.intro')}</p>
      {canWrite ? (
        <>
          <Form method="post" className="card" {...getFormProps(form)}>
            <FormGuard form={form.id} />
            <FormErrors id={form.errorId} errors={form.errors} />
            <div className="grid">
              <SelectField
                meta={fields.productId}
                label={t('prices.product')}
                options={products.map((p) => ({ value: p.value, label: lng === 'en' ? p.labelEn : p.label }))}
              />
              <TextField meta={fields.day} label={t('prices.day')} type="date" max={today} />
              <TextField
                meta={fields.yuan}
                label={t('prices.yuan')}
                type="number"
                inputMode="decimal"
                step="any"
                min="0"
              />
            </div>
            <TextAreaField meta={fields.note} label={t('prices.note')} />
            <SubmitButton>{t('action.save')}</SubmitButton>
          </Form>
          {feed ? (
            <Form method="post" className="inline-form">
              <FormGuard form="fetch" />
              <SubmitButton name="intent" value="fetch" className="secondary">
                {t('prices.fetch')}
              </SubmitButton>
            </Form>
          ) : null}
        </>
      ) : null}
      <Table
        cards
        head={
          <tr>
            <th>{t('prices.product')}</th>
            <th>{t('prices.day')}</th>
            <th className="num">{t('prices.price')}</th>
            <th>{t('prices.source')}</th>
          </tr>
        }
      >
        {prices.length === 0 ? <EmptyRow colSpan={4} /> : null}
        {prices.map((p) => (
          <tr key={p.id}>
            <td>{p.product[lng]}</td>
            <Cell label={t('prices.day')}>{formatDate(lng, p.day)}</Cell>
            <Cell label={t('prices.price')} num>
              {formatMoney(lng, p.fen)}/{unitName(lng, p.unit, 1)}
            </Cell>
            <Cell label={t('prices.source')}>
              {t(`prices.sources.${p.source}`)}
              {p.note ? ` · ${p.note}` : ''}
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
