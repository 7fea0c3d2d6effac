// The problem ledger (问题台账): problems raised at village meetings or by cooperatives,
// households and enterprises; officials assign a lead unit and a deadline and close them.
// One document per problem, its dated progress notes inside it: every write is one update
// of one document, audited (models/kernel/write.ts).
import { Schema, Types } from 'mongoose';
import { defineModel, DuplicateKeyError, toPlain } from '../kernel/common';
import { scopeFilter, type Scope } from '../kernel/scope';
import { createRecord, updateRecord, WriteRefused } from '../kernel/write';
import type { Actor } from '../kernel/audit';
import { defineCommand, found, ok, refuse } from '../kernel/command';
import { withId } from '../kernel/record-commands';
import { VillageModel } from '../town/village';
import { OrganizationModel } from '../town/organization';
import { todayInShanghai } from '~/domain/time';
import {
  CLOSED_STATUSES,
  PROBLEM_CATEGORIES,
  PROBLEM_SOURCES,
  PROBLEM_STATUSES,
  type ProblemCategory,
  type ProblemSource,
  type ProblemStatus,
} from '~/domain/problem';
import {
  ProblemAssignSchema,
  ProblemNoteSchema,
  ProblemSchema,
  type ProblemAssignInput,
  type ProblemInput,
} from '~/schemas/target';

export interface ProblemNote {
  on: string; // YYYY-MM-DD
  note: string;
  by: string; // the user's display name
  orgId: Types.ObjectId;
  at: Date;
}

export interface Problem {
  townId: Types.ObjectId;
  number: number; // 1, 2, 3 … per town
  title: string;
  description: string;
  villageId: Types.ObjectId | null;
  source: ProblemSource;
  category: ProblemCategory;
  orgId: Types.ObjectId; // the organization that raised it (follows it)
  raisedBy: string;
  raisedOn: string;
  leadUnit: string;
  cooperatingUnits: string;
  deadline: string | null;
  status: ProblemStatus;
  reason: string; // why it cannot be solved
  closedOn: string | null; // the day it was solved or given up
  notes: ProblemNote[];
}

const problemSchema = new Schema<Problem>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    number: { type: Number, required: true },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    villageId: { type: Schema.Types.ObjectId, default: null },
    source: { type: String, enum: PROBLEM_SOURCES, required: true },
    category: { type: String, enum: PROBLEM_CATEGORIES, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    raisedBy: { type: String, required: true },
    raisedOn: { type: String, required: true },
    leadUnit: { type: String, default: '' },
    cooperatingUnits: { type: String, default: '' },
    deadline: { type: String, default: null },
    status: { type: String, enum: PROBLEM_STATUSES, default: 'open' },
    reason: { type: String, default: '' },
    closedOn: { type: String, default: null },
    notes: {
      type: [{ _id: false, on: String, note: String, by: String, orgId: Schema.Types.ObjectId, at: Date }],
      default: [],
    },
  },
  { timestamps: true },
);
problemSchema.index({ townId: 1, number: 1 }, { unique: true });
problemSchema.index({ townId: 1, status: 1, raisedOn: -1 });
problemSchema.index({ orgId: 1, raisedOn: -1 });

export const ProblemModel = defineModel('Problem', problemSchema);

const inScope = (scope: Scope) => scopeFilter(scope);

export interface ProblemFilter {
  status?: ProblemStatus | 'active';
  villageId?: Types.ObjectId;
}

export async function listProblems(scope: Scope, filter: ProblemFilter = {}) {
  const query: Record<string, unknown> = { ...inScope(scope) };
  if (filter.status === 'active') query.status = { $nin: CLOSED_STATUSES };
  else if (filter.status) query.status = filter.status;
  if (filter.villageId) query.villageId = filter.villageId;
  const docs = await ProblemModel.find(query).sort({ raisedOn: -1, number: -1 }).limit(500).lean();
  return docs.map(toPlain);
}

/**
 * What a 牵头单位 may be chosen from: the town's organizations, then the units its problems
 * already name (the town's offices, 镇交通办 and the like); free text is still allowed.
 */
export async function leadUnitChoices(townId: Types.ObjectId | null) {
  const [orgs, used] = await Promise.all([
    OrganizationModel.find({ townId, archivedAt: null }).select('name').lean(),
    ProblemModel.distinct('leadUnit', { townId, leadUnit: { $nin: ['', null] } }),
  ]);
  return [...new Set([...orgs.map((o) => o.name), ...(used as string[]).sort()])].slice(0, 200);
}

export async function getProblem(scope: Scope, id: Types.ObjectId) {
  const doc = await ProblemModel.findOne({ _id: id, ...inScope(scope) }).lean();
  return doc && toPlain(doc);
}

const label = (d: Record<string, unknown>) => `#${d.number} ${d.title}`;

/** Raises a problem; its number is the town's next (a collision with a simultaneous one tries the next). */
export async function raiseProblem(
  owner: { townId: Types.ObjectId; orgId: Types.ObjectId; raisedBy: string },
  input: ProblemInput,
  actor: Actor,
) {
  const data = {
    ...input,
    ...owner,
    villageId: input.villageId ? new Types.ObjectId(input.villageId) : null,
    status: 'open' as const,
    notes: [],
  };
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await createRecord(ProblemModel, data, actor, {
        input,
        label,
        reserve: async () => {
          const last = await ProblemModel.findOne({ townId: owner.townId })
            .sort({ number: -1 })
            .select('number')
            .lean();
          return { number: (last?.number ?? 0) + 1 };
        },
      });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError) || attempt >= 10) throw error;
    }
  }
}

/** Officials: lead unit, cooperating units, deadline and status (closing it dates it). */
export async function assignProblem(
  scope: Scope,
  id: Types.ObjectId,
  input: ProblemAssignInput,
  today: string,
  actor: Actor,
) {
  const current = await getProblem(scope, id);
  if (!current) return null;
  const closed = CLOSED_STATUSES.includes(input.status);
  return updateRecord(
    ProblemModel,
    { _id: id, ...inScope(scope) },
    {
      leadUnit: input.leadUnit,
      cooperatingUnits: input.cooperatingUnits,
      deadline: input.deadline ?? null,
      status: input.status,
      reason: input.status === 'unsolvable' ? input.reason : '',
      closedOn: closed ? (current.closedOn ?? today) : null,
    },
    actor,
    { label },
  );
}

/**
 * A dated progress note, by anyone who can follow the problem. The note is added to the notes
 * as read, on condition that none was added meanwhile (then it is read again and retried).
 */
export async function addProblemNote(
  scope: Scope,
  id: Types.ObjectId,
  { confirmRepeat, ...note }: Omit<ProblemNote, 'at'> & { confirmRepeat?: boolean },
  actor: Actor,
) {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const current = await ProblemModel.findOne({ _id: id, ...inScope(scope) })
      .select('notes')
      .lean();
    if (!current) return null;
    // the same words again within a day is most often the same note sent twice: ask first
    const since = Date.now() - 24 * 3600_000;
    if (!confirmRepeat && current.notes.some((n) => n.note === note.note && n.at.getTime() >= since))
      throw new WriteRefused({ confirmRepeat: ['problem.noteRepeated'] });
    const saved = await updateRecord(
      ProblemModel,
      { _id: id, ...inScope(scope), notes: { $size: current.notes.length } },
      { notes: [...current.notes, { ...note, at: new Date() }] },
      { ...actor, once: attempt === 0 ? actor.once : undefined },
      { label, input: note },
    );
    if (saved) return saved;
  }
  throw new Error('problem notes too busy');
}

// ---------------------------------------------------------------- commands

/** Anyone who follows problems raises one, in their town, named as the raiser. */
export const raiseProblemCommand = defineCommand({
  name: 'problem/raise',
  permission: ['write', 'problem'],
  input: ProblemSchema,
  async run(input, { scope, actor, person }) {
    if (input.villageId && !(await VillageModel.exists({ _id: input.villageId, townId: scope.townId })))
      return refuse('invalid', { villageId: ['v.invalidChoice'] });
    const owner = { townId: scope.townId!, orgId: scope.orgId!, raisedBy: `${person.name} · ${person.org}` };
    return ok(await raiseProblem(owner, input, actor));
  },
});

/** Officials assign a lead unit, a deadline and a status. */
export const assignProblemCommand = defineCommand({
  name: 'problem/assign',
  permission: ['check', 'problem'],
  input: withId(ProblemAssignSchema),
  run: async ({ id, ...input }, { scope, actor }) =>
    found(await assignProblem(scope, new Types.ObjectId(id), input, todayInShanghai(), actor)),
});

/** A dated progress note, by anyone who can follow the problem. */
export const addProblemNoteCommand = defineCommand({
  name: 'problem/note',
  permission: ['write', 'problem'],
  input: withId(ProblemNoteSchema),
  run: async ({ id, ...note }, { scope, actor, person }) =>
    found(
      await addProblemNote(
        scope,
        new Types.ObjectId(id),
        { ...note, by: person.name, orgId: scope.orgId! },
        actor,
      ),
    ),
});
