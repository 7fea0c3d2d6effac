// Readings recorded for a shipment or a store, from the three sources: a handheld thermometer's
// reading typed in, a logger's export uploaded, a device's batch posted. Each reading is held
// against its subject first — not more than 10 minutes ahead of the server's clock, not before
// the shipment (its planned or actual departure, less 12 hours of loading and pre-cooling), and
// for a shipment already delivered only what was logged before its arrival.
import { z } from 'zod';
import { defineCommand, msg, ok, refuse, type Outcome } from '../../kernel/command';
import type { Scope } from '../../kernel/scope';
import { readLoggerFile, type FileRefusal } from '../logger-file';
import { storeReadings, type Incoming, type Subject } from '../readings';
import { FormReadingCommandSchema, type FormReadingSchema } from '~/schemas/coldchain';
import { ColdStoreModel, ShipmentModel, shipmentFilter } from '../schema';

const FUTURE_MS = 10 * 60_000;
const LOADING_MS = 12 * 3600_000;

export interface SubjectRef {
  kind: 'shipment' | 'store';
  code: string;
}

interface Bounds {
  subject: Subject;
  code: string;
  earliest: Date | null;
  /** a delivered (or refused) shipment takes only what was logged before it arrived */
  before: Date | null;
}

/** The subject a caller may record readings for (its carrier's shipment, its own store), or not found. */
export async function subjectFor(scope: Scope, ref: SubjectRef): Promise<Bounds | null> {
  if (ref.kind === 'shipment') {
    const doc = await ShipmentModel.findOne({
      code: ref.code,
      ...shipmentFilter(scope),
      ...(scope.access === 'own' && { carrierOrgId: scope.orgId }),
    })
      .select('townId code status plannedDepartureAt departedAt arrivedAt')
      .lean();
    if (!doc) return null;
    const starts = [doc.plannedDepartureAt, doc.departedAt].filter((d): d is Date => !!d);
    const earliest = new Date(Math.min(...starts.map((d) => d.getTime())) - LOADING_MS);
    const closed = doc.status === 'delivered' || doc.status === 'rejected';
    return {
      subject: { kind: 'shipment', id: doc._id, townId: doc.townId },
      code: doc.code,
      earliest,
      before: closed ? doc.arrivedAt : null,
    };
  }
  const store = await ColdStoreModel.findOne({
    code: ref.code,
    archivedAt: null,
    townId: scope.townId,
    ...(scope.access === 'own' && { orgId: scope.orgId }),
  })
    .select('townId code')
    .lean();
  if (!store) return null;
  return {
    subject: { kind: 'store', id: store._id, townId: store.townId },
    code: store.code,
    earliest: null,
    before: null,
  };
}

/** Why a reading may not be stored for its subject, or null. */
export function readingRefusal(bounds: Bounds, at: Date, now = new Date()): string | null {
  if (at.getTime() > now.getTime() + FUTURE_MS) return 'reading.future';
  if (bounds.earliest && at < bounds.earliest) return 'reading.beforeShipment';
  if (bounds.before && at >= bounds.before) return 'reading.afterArrival';
  return null;
}

/** A device's batch (or one reading): all stored, or none when one is refused. */
export async function recordDeviceReadings(
  scope: Scope,
  ref: SubjectRef,
  readings: Incoming[],
  tokenId: string,
): Promise<Outcome<{ received: number; new: number }>> {
  const bounds = await subjectFor(scope, ref);
  if (!bounds) return refuse('notFound', ref.kind === 'shipment' ? 'reading.noShipment' : 'reading.noStore');
  const now = new Date();
  const errors: Record<string, string[]> = {};
  let conflict = false;
  readings.forEach((r, i) => {
    const why = readingRefusal(bounds, r.at, now);
    if (why) {
      errors[`readings.${i}.at`] = [why];
      if (why === 'reading.afterArrival') conflict = true;
    }
  });
  if (Object.keys(errors).length) return refuse(conflict ? 'conflict' : 'invalid', errors);
  const stored = await storeReadings(readings, {
    subject: bounds.subject,
    device: `dev:${tokenId}`,
    source: 'device',
    byName: `token ${tokenId}`,
  });
  return ok({ received: stored.received, new: stored.new });
}

/** A handheld thermometer's reading, typed in on the shipment's or the store's page. */
export async function recordFormReading(
  scope: Scope,
  ref: SubjectRef,
  input: z.infer<typeof FormReadingSchema>,
  byName: string,
): Promise<Outcome<{ new: number }>> {
  const bounds = await subjectFor(scope, ref);
  if (!bounds) return refuse('notFound', 'v.notFound');
  const why = readingRefusal(bounds, input.at);
  if (why) return refuse(why === 'reading.afterArrival' ? 'conflict' : 'invalid', { at: [why] });
  const stored = await storeReadings(
    [{ at: input.at, tempC: input.tempC, humidity: input.humidity ?? null }],
    {
      subject: bounds.subject,
      device: `form:${String(bounds.subject.id)}`,
      source: 'form',
      byName,
    },
  );
  return ok({ new: stored.new });
}

export interface UploadReport {
  batchId: string;
  rows: number;
  stored: number;
  duplicate: number;
  refused: FileRefusal[];
  layout: { headerLine: number; separator: string; encoding: string; zone: string; unit: string };
}

/** A logger's export: every line stored, found stored before, or refused with its line and reason. */
export async function uploadLoggerFile(
  scope: Scope,
  ref: SubjectRef,
  file: { name: string; bytes: Uint8Array },
  byName: string,
): Promise<Outcome<UploadReport>> {
  const bounds = await subjectFor(scope, ref);
  if (!bounds) return refuse('notFound', 'v.notFound');
  const read = await readLoggerFile(file.bytes);
  if (!read.ok) return refuse('invalid', { file: [read.error] });
  const now = new Date();
  const refused: FileRefusal[] = [...read.refused];
  const keep: Incoming[] = [];
  for (const r of read.readings) {
    const why = readingRefusal(bounds, r.at, now);
    if (why) refused.push({ line: r.line, reason: why });
    else keep.push({ at: r.at, tempC: r.tempC, humidity: r.humidity });
  }
  refused.sort((a, b) => a.line - b.line);
  if (keep.length === 0 && refused.length)
    return refuse('invalid', { file: [msg('reading.fileNothingStored', { refused: refused.length })] });
  const stored = await storeReadings(keep, {
    subject: bounds.subject,
    // one logger per subject: the same file (or an overlapping export) uploaded again stores nothing twice
    device: `file:${String(bounds.subject.id)}`,
    source: 'file',
    fileName: file.name.slice(0, 120),
    byName,
    refused: refused.slice(0, 500),
  });
  return ok({
    batchId: String(stored.batchId),
    rows: read.rows,
    stored: stored.new,
    duplicate: stored.duplicate,
    refused,
    layout: read.layout,
  });
}

const Ref = z.object({ kind: z.enum(['shipment', 'store']), code: z.string().trim().min(1).max(40) });

export const recordFormReadingCommand = defineCommand({
  name: 'reading/form',
  permission: ['write', 'reading'],
  input: z.intersection(Ref, FormReadingCommandSchema),
  run: ({ kind, code, ...input }, { scope, actor }) =>
    recordFormReading(scope, { kind, code }, input, actor.username),
});

export const uploadLoggerFileCommand = defineCommand({
  name: 'reading/upload',
  permission: ['write', 'reading'],
  input: z.intersection(
    Ref,
    z.object({ file: z.object({ name: z.string(), bytes: z.instanceof(Uint8Array) }) }),
  ),
  run: ({ kind, code, file }, { scope, actor }) =>
    uploadLoggerFile(scope, { kind, code }, file, actor.username),
});

export const recordDeviceReadingsCommand = defineCommand({
  name: 'reading/device',
  permission: ['write', 'reading'],
  input: z.intersection(
    Ref,
    z.object({
      tokenId: z.string(),
      readings: z
        .array(z.object({ at: z.date(), tempC: z.number(), humidity: z.number().nullable() }))
        .max(1000),
    }),
  ),
  run: ({ kind, code, tokenId, readings }, { scope }) =>
    recordDeviceReadings(scope, { kind, code }, readings, tokenId),
});
