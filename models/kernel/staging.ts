// Bulk writes for imports. Rows are inserted hidden (`staged: true`) under an import id; the
// commit makes them visible and writes their audit events; a rollback deletes them. Both are
// idempotent, so recovery can repeat them after a crash. Every query that lists records of
// an importable collection must include VISIBLE.
import type mongoose from 'mongoose';
import type { Types } from 'mongoose';
import { AuditEventModel, type Actor } from './audit';
import { countsInFacts, factFields, factKeysOf, touchFacts } from './facts';

export const VISIBLE = { staged: { $ne: true } } as const;

const BATCH = 1000;

export async function insertStaged<T>(
  model: mongoose.Model<T>,
  docs: Array<Partial<T> & { _id: Types.ObjectId }>,
  importId: Types.ObjectId,
  onBatch?: (written: number) => Promise<void>,
) {
  for (let i = 0; i < docs.length; i += BATCH) {
    const batch = docs.slice(i, i + BATCH).map((d) => ({ ...d, importId, staged: true }));
    // Raw driver insert: the docs were validated already, and mongoose's per-document casting
    // would cost more than the write itself.
    // A unique-key collision here (someone took a lot code or ear tag since validation) fails
    // the whole import, which is then rolled back: nothing is silently dropped.
    await model.collection.insertMany(batch as never[], { ordered: true });
    await onBatch?.(Math.min(i + BATCH, docs.length));
  }
}

/** Makes an import's rows visible and records one audit event per row (idempotent). */
export async function commitStaged(
  model: mongoose.Model<never>,
  importId: Types.ObjectId,
  actor: Actor,
  label: (doc: Record<string, unknown>) => string,
) {
  const cursor = model.collection.find({ importId }, { projection: { staged: 0 } });
  let events: Record<string, unknown>[] = [];
  const flush = async () => {
    if (!events.length) return;
    await AuditEventModel.collection.insertMany(events, { ordered: false }).catch(ignoreIdDuplicates);
    events = [];
  };
  for await (const doc of cursor) {
    events.push({
      _id: doc._id, // one creation event per record: repeating the commit adds none
      at: new Date(),
      actor,
      action: 'create',
      entity: model.modelName,
      recordId: doc._id,
      townId: doc.townId ?? null,
      label: label(doc),
      before: null,
      after: { ...doc, importId: String(importId) },
      changed: Object.keys(doc).filter((k) => !['_id', '__v', 'createdAt', 'updatedAt'].includes(k)),
    });
    if (events.length >= BATCH) await flush();
  }
  await flush();
  await touchFacts(await stagedFactKeys(model, importId));
  await model.collection.updateMany({ importId, staged: true }, { $unset: { staged: '' } });
}

/** The dashboard facts an import's rows will count in once visible (marked before they are). */
async function stagedFactKeys(model: mongoose.Model<never>, importId: Types.ObjectId) {
  if (!countsInFacts(model.modelName)) return [];
  const docs = await model.collection
    .find({ importId }, { projection: Object.fromEntries(factFields(model.modelName).map((f) => [f, 1])) })
    .toArray();
  return (await Promise.all(docs.map((d) => factKeysOf(model.modelName, { ...d, staged: false })))).flat();
}

export async function rollbackStaged(model: mongoose.Model<never>, importId: Types.ObjectId) {
  await model.collection.deleteMany({ importId, staged: true });
}

/** A repeated commit finds its audit events already there: only `_id` collisions are expected. */
function ignoreIdDuplicates(error: unknown) {
  const e = error as { code?: number; writeErrors?: Array<{ code?: number; errmsg?: string }> };
  const onlyIds =
    e?.code === 11000 &&
    (e.writeErrors ?? []).every((w) => w.code === 11000 && /index: _id_/.test(w.errmsg ?? ''));
  if (!onlyIds) throw error;
}
