// A cooperative's purchase price list: what it pays members per kg of a product and grade.
// A purchase takes its price from here unless the clerk types one.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { listPurchasePrices } from '#models/households';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, SelectField, TextField } from '~/components/ui/form';
import { BackLink, Cell, EmptyRow, Table } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { GRADES } from '~/domain/planting';
import { useTranslation } from '~/i18n/react';
import { PurchasePriceSchema } from '~/schemas/household';
import { requireUser } from '~/utils/auth.server';
import { formatDateTime, formatMoney } from '~/utils/format';
import { productOptions } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { setPurchasePriceCommand } from '#models/households';
import { formCommand } from '~/utils/commands.server';
import { readForm } from '~/utils/forms.server';

/** The price list belongs to a cooperative: officials and others have none. */
function requireCooperative(user: Awaited<ReturnType<typeof requireUser>>) {
  const scope = requirePermission(user, 'write', 'payout');
  if (user.role !== 'cooperative') notFound();
  return scope;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requireCooperative(user);
  const [prices, products] = await Promise.all([listPurchasePrices(user.orgId), productOptions(user.townId)]);
  return { products, prices };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  requireCooperative(user);
  return formCommand(await readForm(request), user, setPurchasePriceCommand, PurchasePriceSchema, {
    done: () => ['/households/prices', 'price.saved'],
  });
}

export const handle: PageHandle = { title: 'price.title' };

export default function PurchasePricesPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof PurchasePriceSchema>('price', actionData?.result, {
    grade: 'grade1',
  });
  const name = (id: string) => {
    const p = d.products.find((x) => x.value === id);
    return p ? (lng === 'en' ? p.labelEn : p.label) : '—';
  };
  return (
    <div className="narrow">
      <BackLink to="/households">{t('household.register')}</BackLink>
      <h1>{t('price.title')}</h1>
      <p className="muted">{t('price.hint')}</p>
      <Table
        head={
          <tr>
            <th>{t('payout.product')}</th>
            <th>{t('payout.grade')}</th>
            <th className="num">{t('payout.priceYuan')}</th>
            <th>{t('common.updatedAt')}</th>
          </tr>
        }
      >
        {d.prices.length === 0 ? <EmptyRow colSpan={4} /> : null}
        {d.prices.map((p) => (
          <tr key={p.id}>
            <td>{name(p.productId)}</td>
            <Cell label={t('payout.grade')}>{t(`harvest.grades.${p.grade}`)}</Cell>
            <Cell label={t('payout.priceYuan')} num>
              {formatMoney(lng, p.unitFen)}
            </Cell>
            <Cell label={t('common.updatedAt')}>{formatDateTime(lng, p.updatedAt)}</Cell>
          </tr>
        ))}
      </Table>
      <Form method="post" className="card" {...getFormProps(form)}>
        <FormGuard form={form.id} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SelectField
          meta={fields.productId}
          label={t('payout.product')}
          options={d.products.map((p) => ({ value: p.value, label: lng === 'en' ? p.labelEn : p.label }))}
        />
        <SelectField
          meta={fields.grade}
          label={t('payout.grade')}
          options={GRADES.map((g) => ({ value: g, label: t(`harvest.grades.${g}`) }))}
        />
        <TextField meta={fields.priceYuan} label={t('payout.priceYuan')} inputMode="decimal" />
        <SubmitButton>{t('price.set')}</SubmitButton>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
