import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { getProduct } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ProductForm, productFormValues } from '~/components/forms/product-form';
import { ArchiveControls, BackLink, StatusBadge } from '~/components/ui/record-page';
import { ProductSchema } from '~/schemas/master-data';
import { requireUser } from '~/utils/auth.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';
import { productCommands } from '#models/town';
import { recordAction } from '~/utils/commands.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'product');
  const product = await getProduct(scope, idParam(params));
  if (!product) notFound();
  return { product };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  return recordAction(request, user, productCommands, {
    schema: ProductSchema,
    id,
    back: '/master/products',
  });
}

export const handle: PageHandle = {
  words: ['plant'],
  title: (_t, lng, d) => d && ((lng === 'en' && d.product.nameEn) || d.product.name),
};

export default function EditProductPage() {
  const { product } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <BackLink to="/master/products">{t('nav.products')}</BackLink>
      <h1>
        {product.code} {product.name} <StatusBadge archivedAt={product.archivedAt} />
      </h1>
      <ProductForm lastResult={actionData?.result} defaultValue={productFormValues(product)} />
      <ArchiveControls archivedAt={product.archivedAt} recordId={product.id} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
