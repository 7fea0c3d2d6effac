// The one code path for writes to audited records. Every create, update, archive and
// restore of a record goes through these functions, which perform the write and append an
// audit event with who, when, which record and what changed (before/after).
import type mongoose from 'mongoose';
import type { Types } from 'mongoose';
import { appendAudit, type Actor, type AuditAction } from './audit';
import { asDuplicateKeyError } from './common';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };
/** A stored record as lean data. */
export type Stored<T> = T & { _id: Types.ObjectId; createdAt?: Date; updatedAt?: Date };
const IGNORED = new Set(['_id', '__v', 'createdAt', 'updatedAt']);
const SECRET_FIELDS = new Set(['passwordHash', 'tokenHash']);

function redact(doc: Record<string, unknown> | null) {
  if (!doc) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (k === '__v') continue;
    out[k] = SECRET_FIELDS.has(k) ? '••••' : v;
  }
  return out;
}

function changedFields(before: Doc | null, after: Doc | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter(
    (k) => !IGNORED.has(k) && JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after?.[k] ?? null),
  );
}

/** Only the changed fields go into the trail, so the before/after pair reads as a diff. */
function pick(doc: Doc | null, fields: string[]) {
  if (!doc) return null;
  return redact(Object.fromEntries(fields.map((f) => [f, doc[f] ?? null])));
}

async function audit(
  model: mongoose.Model<never>,
  action: AuditAction,
  actor: Actor,
  before: Doc | null,
  after: Doc | null,
  label: (doc: Doc) => string,
) {
  const doc = (after ?? before) as Doc;
  const changed = changedFields(before, after);
  await appendAudit({
    actor,
    action,
    entity: model.modelName,
    recordId: doc._id,
    townId: ((doc.townId as Types.ObjectId | undefined) ?? actor.townId) || null,
    label: label(doc),
    before: action === 'create' ? null : pick(before, changed),
    after: pick(after, changed),
    changed,
  });
}

const defaultLabel = (doc: Doc) => String(doc.name ?? doc.username ?? doc.code ?? doc._id);

export interface WriteOptions {
  label?: (doc: Doc) => string;
}

/** Creates a record. A unique-index collision throws DuplicateKeyError (a field error, not a 500). */
export async function createRecord<T>(
  model: mongoose.Model<T>,
  data: Partial<T>,
  actor: Actor,
  options: WriteOptions = {},
): Promise<Stored<T>> {
  let created: Doc;
  try {
    const doc = await model.create(data);
    created = doc.toObject() as unknown as Doc;
  } catch (error) {
    throw asDuplicateKeyError(error) ?? error;
  }
  await audit(model as never, 'create', actor, null, created, options.label ?? defaultLabel);
  return created as unknown as Stored<T>;
}

/**
 * Updates the single record matching `filter` (which must carry the caller's scope) with
 * `$set: changes`. Returns null when no record matches (not found or not yours). Validators
 * run; nothing is audited when nothing changed.
 */
export async function updateRecord<T>(
  model: mongoose.Model<T>,
  filter: mongoose.QueryFilter<T>,
  changes: Partial<T>,
  actor: Actor,
  options: WriteOptions & { action?: AuditAction } = {},
): Promise<Stored<T> | null> {
  const before = (await model.findOne(filter).lean()) as Doc | null;
  if (!before) return null;
  let after: Doc | null;
  try {
    after = (await model
      .findOneAndUpdate(
        { ...filter, _id: before._id } as mongoose.QueryFilter<T>,
        { $set: changes },
        {
          returnDocument: 'after',
          runValidators: true,
        },
      )
      .lean()) as Doc | null;
  } catch (error) {
    throw asDuplicateKeyError(error) ?? error;
  }
  if (!after) return null;
  if (changedFields(before, after).length > 0) {
    await audit(
      model as never,
      options.action ?? 'update',
      actor,
      before,
      after,
      options.label ?? defaultLabel,
    );
  }
  return after as unknown as Stored<T>;
}

/** Archives (never deletes) a record in scope. */
export function archiveRecord<T>(model: mongoose.Model<T>, filter: mongoose.QueryFilter<T>, actor: Actor) {
  return updateRecord(
    model,
    { ...filter, archivedAt: null },
    { archivedAt: new Date() } as unknown as Partial<T>,
    actor,
    { action: 'archive' },
  );
}

export function restoreRecord<T>(model: mongoose.Model<T>, filter: mongoose.QueryFilter<T>, actor: Actor) {
  return updateRecord(
    model,
    { ...filter, archivedAt: { $ne: null } },
    { archivedAt: null } as unknown as Partial<T>,
    actor,
    { action: 'restore' },
  );
}
