import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import type { Types } from 'mongoose';
import { toObjectId, type Scope } from '#models/kernel';
import { getTown, listTowns } from '#models/town';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { OrganizationForm } from '~/components/forms/organization-form';
import { BackLink } from '~/components/ui/record-page';
import { OrganizationSchema } from '~/schemas/master-data';
import { requireUser, type SessionUser } from '~/utils/auth.server';
import { enterpriseOptions, manageableOrgTypes, villageOptions } from '~/utils/organizations.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import type { PageHandle } from '~/utils/page-handle';
import { organizationCommands } from '#models/town';
import { recordAction } from '~/utils/commands.server';

/** An official creates in their own town; an admin picks the town (none: the platform). */
async function targetTown(request: Request, user: SessionUser, scope: Scope): Promise<Types.ObjectId | null> {
  if (scope.access !== 'any') return user.townId;
  const raw = new URL(request.url).searchParams.get('town');
  if (!raw) return null;
  const id = toObjectId(raw);
  if (!id || !(await getTown(scope, id))) notFound();
  return id;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'organization');
  const townId = await targetTown(request, user, scope);
  const types = manageableOrgTypes(user.role).filter((t) => (townId ? t !== 'platform' : t === 'platform'));
  return {
    villages: await villageOptions(townId),
    enterprises: await enterpriseOptions(townId),
    types,
    townId: townId ? String(townId) : '',
    towns:
      scope.access === 'any' ? (await listTowns(scope)).map((t) => ({ value: t.id, label: t.name })) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'organization');
  const townId = await targetTown(request, user, scope);
  return recordAction(request, user, organizationCommands, {
    schema: OrganizationSchema,
    back: '/organizations',
    extra: { townId: townId ? String(townId) : null },
  });
}

export const handle: PageHandle = { words: ['plant'], title: 'org.new' };

export default function NewOrganizationPage() {
  const { villages, enterprises, types, towns, townId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <BackLink to="/organizations">{t('nav.organizations')}</BackLink>
      <h1>{t('org.new')}</h1>
      {towns ? (
        <Form method="get" className="filters">
          <div className="field">
            <label htmlFor="town">{t('org.town')}</label>
            <select id="town" name="town" defaultValue={townId}>
              <option value="">{t('orgType.platform')}</option>
              {towns.map((town) => (
                <option key={town.value} value={town.value}>
                  {town.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            {t('action.filter')}
          </button>
        </Form>
      ) : null}
      <OrganizationForm
        key={townId}
        lastResult={actionData?.result}
        types={types}
        villages={villages}
        enterprises={enterprises}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
