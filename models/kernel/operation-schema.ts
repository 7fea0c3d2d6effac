// The operation document: its state, its plan, its one-time key and the answer a repeat gets.
import { Schema, Types } from 'mongoose';
import { defineModel } from './common';

export const OPERATION_STATES = ['holding', 'releasing', 'applying', 'done', 'failed'] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

export interface Operation<Plan = Record<string, unknown>> {
  _id: Types.ObjectId;
  kind: string;
  state: OperationState;
  once: { owner: string; key: string; hash: string; salt: string } | null;
  plan: Plan;
  answer: unknown; // what the caller is told: the value on success, { errors } on failure
  owner: string; // the process holding the lease
  leaseUntil: Date;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const operationSchema = new Schema<Operation>(
  {
    kind: { type: String, required: true },
    state: { type: String, enum: OPERATION_STATES, required: true },
    once: {
      type: new Schema({ owner: String, key: String, hash: String, salt: String }, { _id: false }),
      default: null,
    },
    plan: { type: Schema.Types.Mixed, default: {} },
    answer: { type: Schema.Types.Mixed, default: null },
    owner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    expiresAt: { type: Date, default: null },
  },
  { timestamps: true, minimize: false, versionKey: false },
);
// a repeated form post or API call finds the operation its key started
operationSchema.index(
  { 'once.owner': 1, 'once.key': 1 },
  { unique: true, partialFilterExpression: { 'once.key': { $type: 'string' } } },
);
// recovery: unfinished operations whose lease ran out
operationSchema.index({ state: 1, leaseUntil: 1 });
// finished operations are kept a week (long enough for any retry), then dropped
operationSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export const OperationModel = defineModel('Operation', operationSchema);
