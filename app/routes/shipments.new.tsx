// 新建运输单: the carrier names the lots it loads (typed or scanned, "CODE 500" for part of one),
// the truck and driver, where from and where to (an organization or an address), the consignee
// and the product whose cold profile the load must keep.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { createShipmentCommand, shipmentFormChoices } from '#models/coldchain';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { FormErrors, SelectField, TextAreaField, TextField } from '~/components/ui/form';
import { BackLink } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { bandText } from '~/components/coldchain/summary';
import { useTranslation } from '~/i18n/react';
import { ShipmentFormSchema } from '~/schemas/coldchain';
import { requireUser } from '~/utils/auth.server';
import { formCommand } from '~/utils/commands.server';
import { readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'shipment');
  return shipmentFormChoices(user.townId!);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  return formCommand(form, user, createShipmentCommand, ShipmentFormSchema, {
    done: (v) => [`/shipments/${v.code}`, 'shipment.created'],
  });
}

export const handle: PageHandle = { words: ['coldchain'], title: 'shipment.new' };

export default function NewShipmentPage() {
  const { consignees, places, products } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useZodForm<typeof ShipmentFormSchema>('shipment', actionData?.result);
  const none = { value: '', label: t('shipment.chooseAddress') };
  return (
    <div className="narrow">
      <BackLink to="/shipments">{t('shipment.title')}</BackLink>
      <h1>{t('shipment.new')}</h1>
      <Form method="post" {...getFormProps(form)} className="card">
        <FormGuard form="shipment" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextAreaField
          meta={fields.lotCodes}
          label={t('shipment.lotCodes')}
          hint={t('shipment.lotCodesHint')}
        />
        <SelectField
          meta={fields.productId}
          label={t('shipment.profile')}
          hint={t('shipment.profileHint')}
          options={[
            { value: '', label: t('shipment.profileOfLots') },
            ...products.map((p) => ({ value: p.value, label: `${p.label} · ${bandText(p)}` })),
          ]}
        />
        <div className="grid">
          <TextField
            meta={fields.vehiclePlate}
            label={t('shipment.vehiclePlate')}
            placeholder="贵A12345"
            autoComplete="off"
          />
          <TextField meta={fields.driverName} label={t('shipment.driver')} />
          <TextField meta={fields.driverPhone} label={t('shipment.driverPhone')} type="tel" inputMode="tel" />
        </div>
        <div className="grid">
          <SelectField meta={fields.originOrgId} label={t('shipment.origin')} options={[none, ...places]} />
          <TextField meta={fields.originAddress} label={t('shipment.originAddress')} />
          <SelectField
            meta={fields.destinationOrgId}
            label={t('shipment.destination')}
            options={[none, ...places]}
          />
          <TextField meta={fields.destinationAddress} label={t('shipment.destinationAddress')} />
        </div>
        <SelectField meta={fields.consigneeOrgId} label={t('shipment.consignee')} options={consignees} />
        <div className="grid">
          <TextField
            meta={fields.plannedDepartureAt}
            label={t('shipment.plannedDeparture')}
            type="datetime-local"
          />
          <TextField
            meta={fields.plannedArrivalAt}
            label={t('shipment.plannedArrival')}
            type="datetime-local"
          />
        </div>
        <TextAreaField meta={fields.notes} label={t('shipment.notes')} />
        <SubmitButton>{t('shipment.save')}</SubmitButton>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
