import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ProductForm } from '~/components/forms/product-form';
import { BackLink } from '~/components/ui/record-page';
import { ProductSchema } from '~/schemas/master-data';
import { requireUser } from '~/utils/auth.server';
import { requirePermission } from '~/utils/permissions.server';
import type { PageHandle } from '~/utils/page-handle';
import { productCommands } from '#models/town';
import { recordAction } from '~/utils/commands.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'product');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return recordAction(request, user, productCommands, { schema: ProductSchema, back: '/master/products' });
}

export const handle: PageHandle = { words: ['plant'], title: 'product.new' };

export default function NewProductPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <BackLink to="/master/products">{t('nav.products')}</BackLink>
      <h1>{t('product.new')}</h1>
      <ProductForm lastResult={actionData?.result} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
