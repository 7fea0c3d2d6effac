import mongoose, { Schema, Types } from 'mongoose';
import { defineModel, escapeRegex, toPlain } from './common';
import type { OnceKey } from './operation';

import { AUDIT_ACTIONS, type AuditAction } from '~/schemas/audit';

export { AUDIT_ACTIONS, type AuditAction };

/** Who did something: copied into each audit event so the trail survives renames. */
export interface Actor {
  userId: Types.ObjectId | null; // null for the system (seed, migrations)
  username: string;
  role: string;
  orgId: Types.ObjectId | null;
  townId: Types.ObjectId | null;
  /** The one-time key of the request acting (never stored in the trail). */
  once?: OnceKey;
}

export const SYSTEM_ACTOR: Actor = {
  userId: null,
  username: 'system',
  role: 'system',
  orgId: null,
  townId: null,
};

interface AuditEvent {
  at: Date;
  actor: Actor;
  action: AuditAction;
  entity: string;
  recordId: Types.ObjectId;
  townId: Types.ObjectId | null;
  label: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changed: string[];
}

const auditSchema = new Schema<AuditEvent>(
  {
    at: { type: Date, required: true },
    actor: {
      userId: { type: Schema.Types.ObjectId, default: null },
      username: { type: String, required: true },
      role: { type: String, required: true },
      orgId: { type: Schema.Types.ObjectId, default: null },
      townId: { type: Schema.Types.ObjectId, default: null },
    },
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    entity: { type: String, required: true },
    recordId: { type: Schema.Types.ObjectId, required: true },
    townId: { type: Schema.Types.ObjectId, default: null },
    label: { type: String, default: '' },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    changed: { type: [String], default: [] },
  },
  { versionKey: false, minimize: false },
);
// audit browser: a town's events, newest first, optionally by entity
auditSchema.index({ townId: 1, at: -1 });
auditSchema.index({ townId: 1, entity: 1, at: -1 });
// history of one record
auditSchema.index({ recordId: 1, at: -1 });

// Append-only: refuse every update and delete through mongoose.
for (const op of [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
  'findOneAndReplace',
] as const) {
  auditSchema.pre(op, function () {
    throw new Error('The audit trail is append-only');
  });
}

export const AuditEventModel = defineModel('AuditEvent', auditSchema);

export async function appendAudit(event: Omit<AuditEvent, 'at'> & { at?: Date }): Promise<void> {
  await AuditEventModel.collection.insertOne({ ...event, at: event.at ?? new Date() });
}

export interface AuditQuery {
  townId: Types.ObjectId | null; // null = every town (admin)
  entity?: string;
  action?: AuditAction;
  username?: string;
  recordId?: Types.ObjectId;
  from?: Date;
  to?: Date;
  page?: number;
  pageSize?: number;
}

export async function listAuditEvents(q: AuditQuery) {
  const filter: mongoose.QueryFilter<AuditEvent> = {};
  if (q.townId) filter.townId = q.townId;
  if (q.entity) filter.entity = q.entity;
  if (q.action) filter.action = q.action;
  if (q.recordId) filter.recordId = q.recordId;
  if (q.username) filter['actor.username'] = new RegExp(`^${escapeRegex(q.username)}`, 'i');
  if (q.from || q.to) filter.at = { ...(q.from && { $gte: q.from }), ...(q.to && { $lt: q.to }) };
  const pageSize = q.pageSize ?? 50;
  const page = Math.max(1, q.page ?? 1);
  const [events, total] = await Promise.all([
    AuditEventModel.find(filter)
      .sort({ at: -1 }) // index order only: no in-memory sort over a town's whole trail
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .lean(),
    AuditEventModel.countDocuments(filter),
  ]);
  return { events: events.map(toPlain), total, page, pageSize };
}
