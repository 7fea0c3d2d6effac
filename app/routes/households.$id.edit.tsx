// Editing a household. A cooperative's clerk changes its member's details and the shares the
// household holds in that cooperative; an official also sets the flags (脱贫户, 监测户) and
// adds the household to a cooperative or takes it out.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { getHousehold } from '#models/households';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { HouseholdForm } from '~/components/forms/household-form';
import { FormErrors, SelectField, TextField } from '~/components/ui/form';
import { BackLink } from '~/components/ui/record-page';
import { FormGuard, SubmitButton } from '~/components/ui/submit';
import { useZodForm } from '~/components/ui/use-zod-form';
import { useTranslation } from '~/i18n/react';
import { HouseholdSchema, MembershipSchema } from '~/schemas/household';
import { requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { intentOf, readForm } from '~/utils/forms.server';
import { orgNames, villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';
import { joinCooperativeCommand, leaveCooperativeCommand, updateHouseholdCommand } from '#models/households';
import { formCommand } from '~/utils/commands.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'write', 'household');
  const h = await getHousehold(scope, idParam(params));
  if (!h) notFound();
  const [villages, coops] = await Promise.all([
    villageNames(user.townId),
    orgNames(user.townId, ['cooperative']),
  ]);
  const own = h.memberships.find((m) => m.orgId === String(user.orgId));
  return {
    id: h.id,
    official: user.role === 'official',
    villages: villages.options,
    cooperatives: coops.options,
    memberships: h.memberships.map((m) => ({ ...m, name: coops.names[m.orgId] ?? '—' })),
    defaults: {
      villageId: h.villageId,
      number: h.number,
      head: h.head,
      members: String(h.members),
      phone: h.phone,
      lifted: h.lifted ? 'on' : undefined,
      monitored: h.monitored ? 'on' : undefined,
      joinedOn: own?.joinedOn ?? todayInShanghai(),
      cashYuan: own ? String(own.cashFen / 100) : '0',
      landMu: own ? String(own.landMu) : '0',
    },
    today: todayInShanghai(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  const form = await readForm(request);
  const intent = intentOf(form, ['save', 'join', 'leave'] as const) ?? 'save';
  const extra = { id: String(id) };
  const here = `/households/${id}`;
  // officials only: a cooperative's clerk cannot add a household to, or take it from, a cooperative
  if (intent === 'join')
    return formCommand(form, user, joinCooperativeCommand, MembershipSchema, {
      extra,
      done: () => [here, 'household.membershipSaved'],
    });
  if (intent === 'leave')
    return formCommand(form, user, leaveCooperativeCommand, MembershipSchema, {
      extra,
      done: () => [here, 'household.membershipRemoved'],
    });
  return formCommand(form, user, updateHouseholdCommand, HouseholdSchema, {
    extra,
    done: () => [here, 'household.saved'],
  });
}

export const handle: PageHandle = { title: 'household.edit' };

export default function EditHouseholdPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const [joinForm, joinFields] = useZodForm<typeof MembershipSchema>('join', actionData?.result, {
    joinedOn: d.today,
    cashYuan: '0',
    landMu: '0',
  });
  return (
    <div className="narrow">
      <BackLink to={`/households/${d.id}`}>{t('household.title')}</BackLink>
      <h1>{t('household.edit')}</h1>
      <HouseholdForm
        lastResult={actionData?.result}
        defaultValue={d.defaults}
        villages={d.villages}
        cooperatives={d.cooperatives}
        official={d.official}
        editing
      />
      {d.official ? (
        <>
          <section className="card">
            <h2>{t('household.memberships')}</h2>
            {d.memberships.length === 0 ? <p>{t('household.noMembership')}</p> : null}
            {d.memberships.map((m) => (
              <Form method="post" key={m.orgId} className="inline-form">
                <FormGuard form={`leave-${m.orgId}`} />
                <input type="hidden" name="orgId" value={m.orgId} />
                <input type="hidden" name="joinedOn" value={m.joinedOn} />
                <span>
                  {m.name} · {m.joinedOn} · {(m.cashFen / 100).toLocaleString(lng === 'zh' ? 'zh-CN' : 'en')}{' '}
                  · {m.landMu}
                </span>{' '}
                <SubmitButton name="intent" value="leave" className="secondary">
                  {t('household.removeMembership')}
                </SubmitButton>
              </Form>
            ))}
          </section>
          <section className="card">
            <h2>{t('household.addMembership')}</h2>
            <Form method="post" {...getFormProps(joinForm)}>
              <FormGuard form="join" />
              <FormErrors id={joinForm.errorId} errors={joinForm.errors} />
              <SelectField
                meta={joinFields.orgId}
                label={t('household.cooperative')}
                options={d.cooperatives}
              />
              <TextField meta={joinFields.joinedOn} label={t('household.joinedOn')} type="date" />
              <TextField meta={joinFields.cashYuan} label={t('household.cashYuan')} inputMode="decimal" />
              <TextField meta={joinFields.landMu} label={t('household.landMu')} inputMode="decimal" />
              <SubmitButton name="intent" value="join">
                {t('action.save')}
              </SubmitButton>
            </Form>
          </section>
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
