import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { archiveProduct, getProduct, restoreProduct, updateProduct } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ProductForm, productFormValues } from '~/components/forms/product-form';
import { ArchiveControls, BackLink, StatusBadge } from '~/components/ui/record-page';
import { ProductSchema } from '~/schemas/master-data';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseSubmission, readForm, saveForm } from '~/utils/forms.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { handleArchiveIntent, idParam } from '~/utils/records.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'product');
  const product = await getProduct(scope, idParam(params));
  if (!product) notFound();
  return { product };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'product');
  const id = idParam(params);
  const form = await readForm(request);
  const actor = actorOf(user, form);
  const archived = await handleArchiveIntent(
    form,
    { archive: () => archiveProduct(scope, id, actor), restore: () => restoreProduct(scope, id, actor) },
    '/master/products',
  );
  if (archived) return archived;

  const submission = parseSubmission(form, ProductSchema);
  if (submission.status !== 'success') return invalid(submission);
  const saved = await saveForm(submission, () => updateProduct(scope, id, submission.value, actor), {
    code: 'v.duplicateCode',
    name: 'v.duplicate',
  });
  if (!saved.ok) return saved.response;
  if (!saved.value) notFound();
  return redirectWithFlash('/master/products', 'common.saved');
}

export const handle: PageHandle = {
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
