// The outbox (DESIGN.md "Outbox"): every message sent outside is a document here, written by the
// operation that causes it, and a webhook an organization configured to receive it.
import { Schema, Types } from 'mongoose';
import { defineModel } from '../kernel/common';
import { WEBHOOK_KINDS, type OutboxPayload, type WebhookKind } from './robots';

export interface Webhook {
  townId: Types.ObjectId;
  orgId: Types.ObjectId;
  kind: WebhookKind;
  name: string;
  url: string;
  /** DingTalk's 加签 secret (SEC…); empty otherwise */
  secret: string;
  archivedAt: Date | null;
}

const webhookSchema = new Schema<Webhook>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: WEBHOOK_KINDS, required: true },
    name: { type: String, required: true },
    url: { type: String, required: true },
    secret: { type: String, default: '' },
    archivedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
webhookSchema.index({ orgId: 1, archivedAt: 1 });
export const WebhookModel = defineModel('Webhook', webhookSchema);
export type WebhookDoc = Webhook & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export const OUTBOX_STATES = ['pending', 'sent', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxMessage {
  _id: Types.ObjectId; // its order: a webhook gets its messages in _id order
  townId: Types.ObjectId;
  orgId: Types.ObjectId;
  webhookId: Types.ObjectId;
  kind: WebhookKind;
  /** once per event and webhook: `${event key}>${webhook}` */
  key: string;
  payload: OutboxPayload;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date;
  /** an attempt under way (a process that dies mid-attempt lets it go after this) */
  leaseUntil: Date | null;
  lastError: { code: string; message: string; at: Date } | null;
  sentAt: Date | null;
  createdAt: Date;
}

const messageSchema = new Schema<OutboxMessage>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    webhookId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: WEBHOOK_KINDS, required: true },
    key: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    state: { type: String, enum: OUTBOX_STATES, required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    lastError: { type: Schema.Types.Mixed, default: null },
    sentAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
messageSchema.index({ key: 1 }, { unique: true });
// the worker: what is due, per webhook in order
messageSchema.index({ state: 1, nextAttemptAt: 1 });
messageSchema.index({ webhookId: 1, state: 1, _id: 1 });
// the rate limit: what a webhook was sent in the last minute
messageSchema.index({ webhookId: 1, sentAt: -1 });
// an organization's outbox page, newest first
messageSchema.index({ orgId: 1, _id: -1 });
messageSchema.index({ townId: 1, state: 1, _id: -1 });
export const OutboxMessageModel = defineModel('OutboxMessage', messageSchema);

/**
 * The messages an event sends: one per active webhook of each organization told, with fixed ids
 * and keys, so the operation that writes them can write them again after a crash.
 */
export async function planMessages(
  event: { key: string; townId: Types.ObjectId; orgIds: Types.ObjectId[] },
  payloadFor: (orgId: Types.ObjectId) => OutboxPayload,
  now = new Date(),
) {
  const hooks = await WebhookModel.find({ orgId: { $in: event.orgIds }, archivedAt: null })
    .select('orgId kind')
    .sort({ _id: 1 })
    .lean();
  return hooks.map((hook) => ({
    _id: new Types.ObjectId(),
    townId: event.townId,
    orgId: hook.orgId,
    webhookId: hook._id,
    kind: hook.kind,
    key: `${event.key}>${String(hook._id)}`,
    payload: payloadFor(hook.orgId),
    state: 'pending' as const,
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    lastError: null,
    sentAt: null,
    createdAt: now,
  }));
}
