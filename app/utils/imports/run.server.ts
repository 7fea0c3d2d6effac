// Runs an import: parse → validate every row → (only if clean) stage hidden → commit.
// See models/kernel/import.ts for the states and the crash guarantees.
import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { asDuplicateKeyError } from '#models/kernel/common';
import {
  ImportJobModel,
  MAX_STORED_ERRORS,
  findCompletedImport,
  type ImportKindName,
  type RowError,
} from '#models/kernel/import';
import { SYSTEM_ACTOR } from '#models/kernel/audit';
import type { ImportContext, ImportKind, ParsedRow } from './kinds.server';
import { FileError, mapColumns, parseUpload } from './parse.server';

export type StartResult =
  { ok: true; importId: Types.ObjectId; status: 'invalid' | 'writing' } | { ok: false; error: string };

const inflight = new Map<string, Promise<void>>();

/** Resolves when a running import has finished (tests and the benchmark wait on it). */
export function waitForImport(id: Types.ObjectId | string) {
  return inflight.get(String(id)) ?? Promise.resolve();
}

/** Lets other requests in: long checks give the event loop back every so many rows. */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));
const ROWS_PER_TURN = 250;

export async function validateSheetRows<Row>(
  kind: ImportKind<Row>,
  headers: string[],
  rows: { line: number; cells: string[] }[],
): Promise<{ parsed: ParsedRow<Row>[]; errors: RowError[] }> {
  const toRecord = mapColumns(headers, kind.columns);
  const headerOf = new Map(kind.columns.map((c) => [c.key, c.header]));
  const parsed: ParsedRow<Row>[] = [];
  const errors: RowError[] = [];
  for (let i = 0; i < rows.length; i += 1) {
    if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) await yieldToOthers();
    const row = rows[i];
    const result = kind.rowSchema.safeParse(toRecord(row.cells));
    if (result.success) parsed.push({ line: row.line, value: result.data });
    else
      for (const issue of result.error.issues) {
        const key = String(issue.path[0] ?? '');
        errors.push({ line: row.line, column: headerOf.get(key) ?? key, message: issue.message });
      }
  }
  return { parsed, errors };
}

/**
 * Validates an uploaded file and, when every row is clean, starts writing it in the
 * background. Returns the import's id (its page shows errors or progress).
 */
export async function startImport(
  kind: ImportKind<unknown>,
  ctx: ImportContext,
  file: { name: string; bytes: Uint8Array },
): Promise<StartResult> {
  const fileHash = crypto.createHash('sha256').update(file.bytes).digest('hex');
  const base = {
    townId: ctx.townId,
    orgId: ctx.orgId,
    userId: ctx.user.id,
    kind: kind.name,
    fileName: file.name.slice(0, 200),
    fileHash,
  };

  let sheet;
  try {
    sheet = await parseUpload(file.bytes);
  } catch (error) {
    if (error instanceof FileError) return { ok: false, error: error.toMessage() };
    throw error;
  }

  let parsed: ParsedRow<unknown>[];
  let errors: RowError[];
  try {
    ({ parsed, errors } = await validateSheetRows(kind, sheet.headers, sheet.rows));
  } catch (error) {
    if (error instanceof FileError) return { ok: false, error: error.toMessage() };
    throw error;
  }
  // the database checks run on every row that parsed, so one upload reports every problem
  errors = [...errors, ...(await kind.check(ctx, parsed))];

  if (errors.length > 0) {
    // only the first ones are kept: pick them without sorting tens of thousands
    const first = errors.length > MAX_STORED_ERRORS ? lowestLines(errors, MAX_STORED_ERRORS) : errors;
    first.sort((a, b) => a.line - b.line);
    const job = await ImportJobModel.create({
      ...base,
      encoding: sheet.encoding,
      status: 'invalid',
      rowCount: sheet.rows.length,
      errors: first,
      errorCount: errors.length,
      finishedAt: new Date(),
    });
    return { ok: true, importId: job._id, status: 'invalid' };
  }

  if (await findCompletedImport(ctx.orgId, kind.name, fileHash)) {
    return { ok: false, error: 'import.alreadyImported' };
  }
  let job;
  try {
    job = await ImportJobModel.create({
      ...base,
      encoding: sheet.encoding,
      status: 'writing',
      rowCount: parsed.length,
    });
  } catch (error) {
    if (asDuplicateKeyError(error)) return { ok: false, error: 'import.alreadyImported' };
    throw error;
  }
  const id = job._id;
  const run = writeImport(kind, ctx, id, parsed).finally(() => inflight.delete(String(id)));
  inflight.set(String(id), run);
  return { ok: true, importId: id, status: 'writing' };
}

/** The `n` errors of the lowest lines (those the user fixes first), in one pass. */
function lowestLines(errors: RowError[], n: number) {
  const lines = [...new Set(errors.map((e) => e.line))];
  const cutoff = lines.length > n ? lines.sort((a, b) => a - b)[n - 1] : Infinity;
  return errors.filter((e) => e.line <= cutoff).slice(0, n);
}

async function writeImport(
  kind: ImportKind<unknown>,
  ctx: ImportContext,
  id: Types.ObjectId,
  rows: ParsedRow<unknown>[],
) {
  try {
    await kind.stage(ctx, id, rows, async (written) => {
      await ImportJobModel.updateOne({ _id: id }, { $set: { written, heartbeatAt: new Date() } });
    });
    // The commit point: from here on the import is rolled forward, never back.
    const moved = await ImportJobModel.updateOne(
      { _id: id, status: 'writing' },
      { $set: { status: 'committing', written: rows.length, heartbeatAt: new Date() } },
    );
    if (moved.modifiedCount !== 1) throw new Error('import is no longer writing');
    await kind.commit(id, ctx.actor);
    await ImportJobModel.updateOne({ _id: id }, { $set: { status: 'complete', finishedAt: new Date() } });
  } catch (error) {
    console.error(`[import ${id}] failed:`, error);
    const job = await ImportJobModel.findById(id).select('status').lean();
    if (job?.status === 'writing') {
      await kind.rollback(id);
      await ImportJobModel.updateOne(
        { _id: id },
        {
          $set: {
            status: 'rolled_back',
            finishedAt: new Date(),
            errors: [{ line: 0, column: '', message: 'import.writeFailed' }],
            errorCount: 1,
          },
        },
      );
    }
  }
}

export const STALE_AFTER_MS = 60_000;

/**
 * Finishes what a dead process left: imports still `writing` with a stale heartbeat (any, when
 * `exclusive`) are
 * rolled back (their rows never became visible), `committing` ones are rolled forward.
 */
export async function recoverImports(
  kinds: (name: ImportKindName) => ImportKind<unknown> | undefined,
  { now = new Date(), exclusive = false }: { now?: Date; exclusive?: boolean } = {},
) {
  const stale = new Date(now.getTime() - STALE_AFTER_MS);
  const jobs = await ImportJobModel.find({
    status: { $in: ['writing', 'committing'] },
    // at start-up on a database only this app uses, every unfinished import is a dead one
    ...(exclusive ? {} : { heartbeatAt: { $lt: stale } }),
    _id: { $nin: [...inflight.keys()].map((k) => new Types.ObjectId(k)) },
  }).lean();
  for (const job of jobs) {
    const kind = kinds(job.kind);
    if (!kind) continue;
    if (job.status === 'writing') {
      await kind.rollback(job._id);
      await ImportJobModel.updateOne(
        { _id: job._id, status: 'writing' },
        {
          $set: {
            status: 'rolled_back',
            finishedAt: now,
            errors: [{ line: 0, column: '', message: 'import.interrupted' }],
            errorCount: 1,
          },
        },
      );
    } else {
      await kind.commit(job._id, {
        ...SYSTEM_ACTOR,
        userId: job.userId,
        orgId: job.orgId,
        townId: job.townId,
      });
      await ImportJobModel.updateOne({ _id: job._id }, { $set: { status: 'complete', finishedAt: now } });
    }
  }
  return jobs.length;
}
