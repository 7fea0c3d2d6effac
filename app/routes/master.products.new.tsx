import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { createProduct } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ProductForm } from '~/components/forms/product-form';
import { BackLink } from '~/components/ui/record-page';
import { ProductSchema } from '~/schemas/master-data';
import { actorOf, requireUser } from '~/utils/auth.server';
import { redirectWithFlash } from '~/utils/flash.server';
import { invalid, parseForm, saveForm } from '~/utils/forms.server';
import { requirePermission } from '~/utils/permissions.server';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'write', 'product');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'product');
  const { formData, submission } = await parseForm(request, ProductSchema);
  if (submission.status !== 'success') return invalid(submission);
  const saved = await saveForm(
    submission,
    () => createProduct(scope.townId!, submission.value, actorOf(user, formData)),
    { code: 'v.duplicateCode', name: 'v.duplicate' },
  );
  if (!saved.ok) return saved.response;
  return redirectWithFlash('/master/products', 'common.saved');
}

export const handle: PageHandle = { title: 'product.new' };

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
