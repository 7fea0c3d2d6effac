import mongoose, { Types } from 'mongoose';

/** Models register once even when modules are re-evaluated (dev reloads, tests). */
export function defineModel<T>(name: string, schema: mongoose.Schema<T>): mongoose.Model<T> {
  return (mongoose.models[name] as mongoose.Model<T> | undefined) ?? mongoose.model<T>(name, schema);
}

/**
 * Indexes a model no longer declares, by key, that an existing database may still hold (every
 * write pays for an index nobody reads). `buildIndexes` drops them; createIndexes never does.
 */
const retired = new Map<string, Array<Record<string, 1 | -1>>>();
export function retireIndexes(modelName: string, keys: Array<Record<string, 1 | -1>>) {
  retired.set(modelName, [...(retired.get(modelName) ?? []), ...keys]);
}

/** Index creation refused: an index of that name exists with other keys or options. */
const INDEX_CONFLICTS = new Set([85, 86]); // IndexOptionsConflict, IndexKeySpecsConflict

/**
 * Every model's declared indexes built, and the retired ones dropped where they still exist. An
 * index a model now declares differently under the same name (an option changed) is replaced.
 */
export async function buildIndexes() {
  const dropped: string[] = [];
  await Promise.all(
    Object.values(mongoose.models).map(async (model) => {
      // a collection with options of its own (time series) is made as declared before any
      // document can make it an ordinary one
      if (model.schema.get('timeseries')) {
        await model.createCollection().catch((error: { code?: number }) => {
          if (error.code !== 48) throw error; // NamespaceExists: there already
        });
      }
      try {
        await model.createIndexes();
      } catch (error) {
        if (!INDEX_CONFLICTS.has((error as { code?: number }).code ?? 0)) throw error;
        // the indexes to create, by the names the server gives them (`plantOrgId_1_status_1`):
        // one of those among the indexes to drop is the same index declared anew
        const { toDrop, toCreate } = await model.diffIndexes();
        const nameOf = (spec: unknown) =>
          Object.entries(spec as Record<string, unknown>)
            .map(([k, v]) => `${k}_${String(v)}`)
            .join('_');
        const names = new Set((toCreate as unknown[]).map(nameOf));
        for (const name of toDrop) {
          if (!names.has(name)) continue;
          await model.collection.dropIndex(name);
          dropped.push(`${model.modelName}.${name}`);
        }
        await model.createIndexes();
      }
      const gone = retired.get(model.modelName) ?? [];
      if (!gone.length) return;
      const existing = await model.collection.indexes().catch(() => []);
      for (const index of existing) {
        if (gone.some((k) => JSON.stringify(k) === JSON.stringify(index.key)) && index.name) {
          await model.collection.dropIndex(index.name);
          dropped.push(`${model.modelName}.${index.name}`);
        }
      }
    }),
  );
  return dropped;
}

/** A valid ObjectId from a URL or form value, or null (a forged id is "not found", not a 500). */
export function toObjectId(id: unknown): Types.ObjectId | null {
  if (id instanceof Types.ObjectId) return id;
  if (typeof id !== 'string' || !/^[0-9a-f]{24}$/i.test(id)) return null;
  return new Types.ObjectId(id);
}

type Plain<T> = T extends Types.ObjectId
  ? string
  : T extends Date
    ? Date
    : T extends Array<infer U>
      ? Plain<U>[]
      : T extends object
        ? { [K in keyof T as K extends '_id' ? 'id' : K extends '__v' ? never : K]: Plain<T[K]> }
        : T;
export type PlainDoc<T> = Plain<T & { _id: Types.ObjectId }>;

/** Lean document → plain data for the browser: `_id` becomes `id`, ObjectIds become strings. */
export function toPlain<T>(doc: T): PlainDoc<T> {
  return convert(doc) as PlainDoc<T>;
}

function convert(value: unknown): unknown {
  if (value instanceof Types.ObjectId) return value.toHexString();
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(convert);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '__v' || key === '__op') continue;
    out[key === '_id' ? 'id' : key] = convert(v);
  }
  return out;
}

/** A unique index rejected a write; `fields` names the keys that collided. */
export class DuplicateKeyError extends Error {
  constructor(public fields: string[]) {
    super(`duplicate key: ${fields.join(', ')}`);
  }
}

export function asDuplicateKeyError(error: unknown): DuplicateKeyError | null {
  const e = error as {
    code?: number;
    keyPattern?: Record<string, unknown>;
    keyValue?: Record<string, unknown>;
  };
  if (e?.code !== 11000) return null;
  const fields = Object.keys(e.keyPattern ?? e.keyValue ?? {}).filter((f) => f !== 'townId' && f !== 'orgId');
  return new DuplicateKeyError(fields.length ? fields : ['_id']);
}

/** Escapes user text for use inside a RegExp (search boxes). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const archivable = {
  archivedAt: { type: Date, default: null },
};

const pinyin = new Intl.Collator('zh-CN');

/**
 * Chinese names sort by pinyin (凤栖村 before 青龙村), as people expect. Done here rather than
 * with a collation: the embedded engine is built without ICU. For short lists (villages, orgs).
 */
export function byPinyin(a: { name: string; type?: string }, b: { name: string; type?: string }) {
  return (a.type ?? '').localeCompare(b.type ?? '') || pinyin.compare(a.name, b.name);
}
