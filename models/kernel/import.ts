import { Schema, Types } from 'mongoose';
import { defineModel, toPlain } from './common';
import { scopeFilter, type Scope } from './scope';

export const IMPORT_KINDS = ['plantings', 'harvests', 'herd', 'households'] as const;
export type ImportKindName = (typeof IMPORT_KINDS)[number];

/**
 * An import's life: validating → invalid (errors listed, nothing written)
 *                   validating → writing → committing → complete
 * Rows are written hidden (staged) under the import's id while `writing`; the switch to
 * `committing` is the commit point, after which they are made visible. A process that dies
 * while `writing` leaves a stale heartbeat: recovery deletes the staged rows (rolled_back).
 * One that dies while `committing` is rolled forward. So no file is ever half-visible.
 */
export const IMPORT_STATUSES = ['invalid', 'writing', 'committing', 'complete', 'rolled_back'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface RowError {
  line: number;
  column: string;
  message: string; // i18n key, optionally `key|{json params}`
}

export interface ImportJob {
  townId: Types.ObjectId;
  orgId: Types.ObjectId;
  userId: Types.ObjectId;
  kind: ImportKindName;
  fileName: string;
  fileHash: string; // sha256 of the bytes: the same file is imported once
  encoding: string;
  status: ImportStatus;
  rowCount: number;
  written: number;
  errors: RowError[];
  errorCount: number;
  heartbeatAt: Date;
  finishedAt: Date | null;
  createdAt: Date;
}

const importSchema = new Schema<ImportJob>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: IMPORT_KINDS, required: true },
    fileName: { type: String, default: '' },
    fileHash: { type: String, required: true },
    encoding: { type: String, default: '' },
    status: { type: String, enum: IMPORT_STATUSES, required: true },
    rowCount: { type: Number, default: 0 },
    written: { type: Number, default: 0 },
    errors: {
      type: [{ _id: false, line: Number, column: String, message: String }],
      default: [],
    },
    errorCount: { type: Number, default: 0 },
    heartbeatAt: { type: Date, default: () => new Date() },
    finishedAt: { type: Date, default: null },
  },
  { timestamps: true, suppressReservedKeysWarning: true },
);
// import history of an organization, newest first
importSchema.index({ orgId: 1, createdAt: -1 });
// recovery: unfinished imports
importSchema.index({ status: 1, heartbeatAt: 1 });
// the same file is imported (or in flight) once per organization and kind
importSchema.index(
  { orgId: 1, kind: 1, fileHash: 1 },
  { unique: true, partialFilterExpression: { status: { $in: ['writing', 'committing', 'complete'] } } },
);

export const ImportJobModel = defineModel('ImportJob', importSchema);

export const MAX_STORED_ERRORS = 500;

export async function getImport(scope: Scope, id: Types.ObjectId) {
  const doc = await ImportJobModel.findOne({ _id: id, ...scopeFilter(scope) }).lean();
  return doc && toPlain(doc);
}

export async function listImports(scope: Scope, limit = 20) {
  const docs = await ImportJobModel.find(scopeFilter(scope))
    .select('-errors')
    .sort({ createdAt: -1 })
    .limit(limit)
    .lean();
  return docs.map(toPlain);
}

export async function findCompletedImport(orgId: Types.ObjectId, kind: ImportKindName, fileHash: string) {
  return ImportJobModel.findOne({
    orgId,
    kind,
    fileHash,
    status: { $in: ['writing', 'committing', 'complete'] },
  })
    .select('_id status createdAt')
    .lean();
}
