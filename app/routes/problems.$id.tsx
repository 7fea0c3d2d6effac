// One problem: what it is, who raised it and when, who leads on it, its dated progress notes.
// Whoever follows it (officials; the organization that raised it) adds notes; officials assign
// it and close it (solved, or cannot be solved with the reason).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { getProblem, leadUnitChoices } from '#models/oversight';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ProblemAssignForm, ProblemNoteForm } from '~/components/forms/problem-forms';
import { resultFor } from '~/components/ui/use-zod-form';
import { BackLink } from '~/components/ui/record-page';
import { useTranslation } from '~/i18n/react';
import { ProblemAssignSchema, ProblemNoteSchema } from '~/schemas/target';
import { requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { formatDate } from '~/utils/format';
import { intentOf, readForm } from '~/utils/forms.server';
import { villageNames } from '~/utils/households.server';
import type { PageHandle } from '~/utils/page-handle';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { daysOpen } from '~/utils/problems.server';
import { idParam } from '~/utils/records.server';
import { addProblemNoteCommand, assignProblemCommand } from '#models/oversight';
import { formCommand } from '~/utils/commands.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'problem');
  const problem = (await getProblem(scope, idParam(params))) ?? notFound();
  const canAssign = can(user, 'check', 'problem');
  const [villages, leadUnits] = await Promise.all([
    villageNames(user.townId),
    canAssign ? leadUnitChoices(user.townId) : [],
  ]);
  const today = todayInShanghai();
  return {
    leadUnits,
    problem,
    village: problem.villageId ? (villages.names[problem.villageId] ?? '—') : null,
    days: daysOpen(problem, today),
    today,
    canNote: can(user, 'write', 'problem'),
    canAssign,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  const form = await readForm(request);
  const done = (): [string, string] => [`/problems/${id}`, 'problem.updated'];
  const extra = { id: String(id) };
  return intentOf(form, ['note', 'assign'] as const) === 'assign'
    ? formCommand(form, user, assignProblemCommand, ProblemAssignSchema, { extra, done })
    : formCommand(form, user, addProblemNoteCommand, ProblemNoteSchema, { extra, done });
}

export const handle: PageHandle = {
  words: ['dashboard'],
  title: (t, _l, d) => (d?.problem ? `#${d.problem.number} ${d.problem.title}` : t('problem.title')),
};

export default function ProblemPage() {
  const { problem: p, village, days, today, canNote, canAssign, leadUnits } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lng } = useTranslation();
  const overdue = p.deadline !== null && p.closedOn === null && p.deadline < today;
  return (
    <div className="narrow">
      <BackLink to="/problems">{t('problem.title')}</BackLink>
      <h1>
        #{p.number} {p.title}
      </h1>
      <p>
        <span className={`badge ${p.status}`} data-status={p.status}>
          {t(`problem.statuses.${p.status}`)}
        </span>{' '}
        {t('problem.daysOpen', { days })}
        {overdue ? <span className="badge warn"> {t('problem.overdue')}</span> : null}
      </p>
      <dl className="props">
        <dt>{t('problem.village')}</dt>
        <dd>{village ?? t('problem.noVillage')}</dd>
        <dt>{t('problem.category')}</dt>
        <dd>{t(`problem.categories.${p.category}`)}</dd>
        <dt>{t('problem.source')}</dt>
        <dd>{t(`problem.sources.${p.source}`)}</dd>
        <dt>{t('problem.raisedBy')}</dt>
        <dd>
          {p.raisedBy} · {formatDate(lng, p.raisedOn)}
        </dd>
        <dt>{t('problem.leadUnit')}</dt>
        <dd>{p.leadUnit || '—'}</dd>
        <dt>{t('problem.cooperatingUnits')}</dt>
        <dd>{p.cooperatingUnits || '—'}</dd>
        <dt>{t('problem.deadline')}</dt>
        <dd>{p.deadline ? formatDate(lng, p.deadline) : '—'}</dd>
        {p.closedOn ? (
          <>
            <dt>{t('problem.closedOn')}</dt>
            <dd>{formatDate(lng, p.closedOn)}</dd>
          </>
        ) : null}
        {p.reason ? (
          <>
            <dt>{t('problem.reason')}</dt>
            <dd>{p.reason}</dd>
          </>
        ) : null}
      </dl>
      {p.description ? <p className="pre-line">{p.description}</p> : null}
      <h2>{t('problem.notes')}</h2>
      {p.notes.length === 0 ? (
        <p className="muted">{t('problem.noNotes')}</p>
      ) : (
        <ol className="timeline">
          {p.notes.map((n, i) => (
            <li key={i}>
              <strong>{formatDate(lng, n.on)}</strong> {n.note} <span className="muted">— {n.by}</span>
            </li>
          ))}
        </ol>
      )}
      {canNote ? (
        // keyed by the notes: once one is recorded the form starts empty (a second tap sends nothing)
        <ProblemNoteForm
          key={p.notes.length}
          lastResult={resultFor(actionData?.result, 'note')}
          today={today}
        />
      ) : null}
      {canAssign ? (
        <>
          <h2>{t('problem.assign')}</h2>
          <ProblemAssignForm
            lastResult={resultFor(actionData?.result, 'assign')}
            leadUnits={leadUnits}
            defaultValue={{
              leadUnit: p.leadUnit,
              cooperatingUnits: p.cooperatingUnits,
              deadline: p.deadline ?? '',
              status: p.status,
              reason: p.reason,
            }}
          />
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
