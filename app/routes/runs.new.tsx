// 新建生产批次: material goes into the line. Tick lots of the plant's stock (all of each), or
// type codes — "CODE 500" draws 500 kg and leaves the rest in stock.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { drawableLots, openRunCommand, orgNames, plantOf } from '#models/plant';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { CheckboxGroup, FormErrors, TextAreaField } from '~/components/ui/form';
import { BackLink } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import { RunOpenSchema } from '~/schemas/intake';
import { requireUser } from '~/utils/auth.server';
import { formCommand } from '~/utils/commands.server';
import { formatDate, formatWeight } from '~/utils/format';
import { readForm } from '~/utils/forms.server';
import type { PageHandle } from '~/utils/page-handle';
import { notFound, requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'run');
  if (!(await plantOf(scope))) notFound();
  const lots = await drawableLots(scope);
  const owners = await orgNames(lots.map((l) => l.ownerOrgId));
  return { lots: lots.map((l) => ({ ...l, owner: l.ownerOrgId ? (owners[l.ownerOrgId] ?? '') : '' })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  return formCommand(form, user, openRunCommand, RunOpenSchema, {
    done: (v) => [`/runs/${v.id}`, 'run.opened'],
  });
}

export const handle: PageHandle = { words: ['plant'], title: 'run.new' };

export default function NewRunPage() {
  const { lots } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const [form, fields] = useZodForm<typeof RunOpenSchema>('run', actionData?.result);
  return (
    <div className="narrow">
      <BackLink to="/runs">{t('run.title')}</BackLink>
      <h1>{t('run.new')}</h1>
      <Form method="post" {...getFormProps(form)} className="card">
        <FormGuard form="run" />
        <FormErrors id={form.errorId} errors={form.errors} />
        {lots.length === 0 ? <p className="muted">{t('run.nothingToDraw')}</p> : null}
        <CheckboxGroup
          meta={fields.pick}
          label={t('run.drawable')}
          options={lots.map((l) => ({
            value: l.code,
            label: `${l.code} · ${l.productName} · ${formatWeight(lng, l.quantity, 'kg', 'kg')} · ${formatDate(lng, l.producedAt)}${l.owner ? ` · ${l.owner}` : ''}`,
          }))}
        />
        <TextAreaField meta={fields.lotCodes} label={t('run.lotCodes')} hint={t('run.lotCodesHint')} />
        <TextAreaField meta={fields.notes} label={t('run.notes')} />
        <SubmitButton>{t('run.saveOpen')}</SubmitButton>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
