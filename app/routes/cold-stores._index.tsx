// 冷库: the organization's cold stores with their latest state; a new one with the profile of
// the product it keeps. Officials see the town's.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { createStoreCommand, listStores, shipmentFormChoices } from '#models/coldchain';
import { bandText } from '~/components/coldchain/summary';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, SelectField, TextField } from '~/components/ui/form';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import { StoreFormSchema } from '~/schemas/coldchain';
import { requireUser } from '~/utils/auth.server';
import { formCommand } from '~/utils/commands.server';
import { formatDateTime, formatNumber } from '~/utils/format';
import { readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'coldstore');
  const canWrite = scope.access === 'own' && can(user, 'write', 'coldstore');
  return {
    stores: await listStores(scope),
    canWrite,
    products: canWrite ? (await shipmentFormChoices(user.townId!)).products : [],
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  return formCommand(form, user, createStoreCommand, StoreFormSchema, {
    done: (v) => [`/cold-stores/${v.code}`, 'store.created'],
  });
}

export const handle: PageHandle = { words: ['coldchain'], title: 'nav.coldStores' };

export default function StoresPage() {
  const { stores, canWrite, products } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof StoreFormSchema>('store', actionData?.result);
  return (
    <>
      <h1>{t('nav.coldStores')}</h1>
      {stores.length === 0 ? <p className="muted">{t('store.none')}</p> : null}
      <ul className="tap-list" data-list="stores">
        {stores.map((s) => (
          <li key={s.id}>
            <Link to={`/cold-stores/${s.code}`}>
              <strong>{s.name}</strong> · {s.code} · {bandText(s.profile)}
              {s.summary.openExcursion ? (
                <span className="badge flag"> {t('shipment.openExcursion')}</span>
              ) : null}
              <span className="muted">
                {s.summary.lastAt
                  ? t('shipment.latest', {
                      temp: `${formatNumber(lng, s.summary.lastTempC, 1)} °C`,
                      at: formatDateTime(lng, s.summary.lastAt),
                    })
                  : t('shipment.noReadings')}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {canWrite ? (
        <Form method="post" {...getFormProps(form)} className="card narrow">
          <h2>{t('store.new')}</h2>
          <FormGuard form="store" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <div className="grid">
            <TextField meta={fields.code} label={t('store.code')} placeholder="LFT-LK-02" />
            <TextField meta={fields.name} label={t('store.name')} />
          </div>
          <TextField meta={fields.address} label={t('store.address')} />
          <SelectField
            meta={fields.productId}
            label={t('store.profile')}
            options={products.map((p) => ({ value: p.value, label: `${p.label} · ${bandText(p)}` }))}
          />
          <SubmitButton>{t('store.save')}</SubmitButton>
        </Form>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
