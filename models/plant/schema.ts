// The processing plant's records (issue 20): weigh tickets at the gate (过磅入厂) and
// processing runs (生产批次). A ticket takes lots in — under a delivery to the plant's buyer,
// or a cooperative's own lots for toll processing (来料加工) — and makes one intake lot of the
// weighed net; a run draws kg from lots the plant holds and, closed, makes the main product and
// by-product lots, with the losses recorded so that every kilogram is accounted for.
import { Schema, Types } from 'mongoose';
import { defineModel } from '../kernel/common';
import { holdsField, type Hold } from '../kernel/operation';
import { scopeFilter, type Scope } from '../kernel/scope';
import { QUALITY_MEASURES, type QualityMeasure } from '~/domain/intake';
import { GRADES, type Grade } from '~/domain/planting';

/** A lot taken in: the lot itself (a child when part of one was brought) and what it was recorded as. */
export interface TicketLine {
  lotId: Types.ObjectId;
  lotCode: string;
  fromLotId: Types.ObjectId;
  fromLotCode: string;
  recordedKg: number; // the lot's quantity as the supplier recorded it
}

export interface TicketDeduction {
  kind: 'linear' | 'ladder';
  measure: QualityMeasure;
  pct: number;
  kg: number;
}

export const TICKET_KINDS = ['delivery', 'toll'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export interface IntakeTicket {
  townId: Types.ObjectId;
  plantOrgId: Types.ObjectId;
  number: string; // 磅单号, unique per plant
  weighedAt: Date;
  kind: TicketKind;
  deliveryId: Types.ObjectId | null;
  deliveryCode: string;
  contractId: Types.ObjectId | null;
  supplierOrgId: Types.ObjectId; // who brought the goods (the seller, or the toll customer)
  ownerOrgId: Types.ObjectId; // whose goods they are at the plant (the buyer, or the toll customer)
  productId: Types.ObjectId;
  productName: string;
  villageIds: Types.ObjectId[]; // where the lots were grown (officials' intake by village)
  lines: TicketLine[];
  recordedKg: number;
  grossKg: number;
  tareKg: number;
  netKg: number;
  moisturePct: number;
  impurityPct: number;
  grade: Grade;
  deductions: TicketDeduction[];
  deductedKg: number;
  payableKg: number;
  /** recorded − net: what drying and soil took between the field and the gate (negative: it weighed more) */
  shrinkageKg: number;
  feeFenPerKg: number; // toll processing: the fee agreed per kg of net taken in
  feeFen: number;
  intakeLotId: Types.ObjectId;
  intakeLotCode: string;
  photoId: Types.ObjectId | null;
  notes: string;
  byUserId: Types.ObjectId | null;
  source: 'form' | 'api';
  status: 'recording' | 'recorded';
}

const ticketSchema = new Schema<IntakeTicket>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    plantOrgId: { type: Schema.Types.ObjectId, required: true },
    number: { type: String, required: true },
    weighedAt: { type: Date, required: true },
    kind: { type: String, enum: TICKET_KINDS, required: true },
    deliveryId: { type: Schema.Types.ObjectId, default: null },
    deliveryCode: { type: String, default: '' },
    contractId: { type: Schema.Types.ObjectId, default: null },
    supplierOrgId: { type: Schema.Types.ObjectId, required: true },
    ownerOrgId: { type: Schema.Types.ObjectId, required: true },
    productId: { type: Schema.Types.ObjectId, required: true },
    productName: { type: String, required: true },
    villageIds: { type: [Schema.Types.ObjectId], default: [] },
    lines: [
      {
        _id: false,
        lotId: Schema.Types.ObjectId,
        lotCode: String,
        fromLotId: Schema.Types.ObjectId,
        fromLotCode: String,
        recordedKg: Number,
      },
    ],
    recordedKg: { type: Number, required: true },
    grossKg: { type: Number, required: true },
    tareKg: { type: Number, required: true },
    netKg: { type: Number, required: true },
    moisturePct: { type: Number, default: 0 },
    impurityPct: { type: Number, default: 0 },
    grade: { type: String, enum: GRADES, required: true },
    deductions: [
      {
        _id: false,
        kind: { type: String, enum: ['linear', 'ladder'] },
        measure: { type: String, enum: QUALITY_MEASURES },
        pct: Number,
        kg: Number,
      },
    ],
    deductedKg: { type: Number, default: 0 },
    payableKg: { type: Number, required: true },
    shrinkageKg: { type: Number, default: 0 },
    feeFenPerKg: { type: Number, default: 0 },
    feeFen: { type: Number, default: 0 },
    intakeLotId: { type: Schema.Types.ObjectId, required: true },
    intakeLotCode: { type: String, required: true },
    photoId: { type: Schema.Types.ObjectId, default: null },
    notes: { type: String, default: '' },
    byUserId: { type: Schema.Types.ObjectId, default: null },
    source: { type: String, enum: ['form', 'api'], default: 'form' },
    status: { type: String, enum: ['recording', 'recorded'], required: true },
  },
  { timestamps: true },
);
// natural key: a ticket number is used once per plant
ticketSchema.index({ plantOrgId: 1, number: 1 }, { unique: true });
// a lot is taken in once, by whichever ticket
ticketSchema.index({ 'lines.lotId': 1 }, { unique: true });
// the plant's list, newest first; a supplier's and an owner's; the town's by month
ticketSchema.index({ plantOrgId: 1, weighedAt: -1, _id: -1 });
// (each in the list's own order, so a list of several of them merges index scans, never sorts)
ticketSchema.index({ supplierOrgId: 1, weighedAt: -1, _id: -1 });
ticketSchema.index({ ownerOrgId: 1, weighedAt: -1, _id: -1 });
ticketSchema.index({ townId: 1, weighedAt: -1, _id: -1 });
// a delivery's ticket (the buyer's confirmation page)
ticketSchema.index({ deliveryId: 1 });

export const IntakeTicketModel = defineModel('IntakeTicket', ticketSchema);
export type IntakeTicketDoc = IntakeTicket & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

/** Tickets a scope reaches: the town's, or those the organization weighed, brought or owns. */
export function ticketFilter(scope: Scope): Record<string, unknown> {
  const recorded = { status: 'recorded' };
  if (scope.access !== 'own') return { ...scopeFilter(scope, { orgField: null }), ...recorded };
  return {
    townId: scope.townId,
    $or: [{ plantOrgId: scope.orgId }, { supplierOrgId: scope.orgId }, { ownerOrgId: scope.orgId }],
    ...recorded,
  };
}

/** The printed ticket's photo, kept beside it (images only, at most 2 MB). */
const photoSchema = new Schema(
  {
    ticketId: { type: Schema.Types.ObjectId, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    data: { type: Buffer, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
photoSchema.index({ ticketId: 1 });
export const TicketPhotoModel = defineModel('TicketPhoto', photoSchema);

// ---------------------------------------------------------------- processing runs

/** What a run drew from a lot: the lot consumed (a child when part of one was drawn). */
export interface RunInput {
  lotId: Types.ObjectId;
  lotCode: string;
  fromLotId: Types.ObjectId;
  fromLotCode: string;
  productId: Types.ObjectId;
  productName: string;
  kg: number;
}

export interface RunOutput {
  role: 'main' | 'by';
  lotId: Types.ObjectId;
  lotCode: string;
  productId: Types.ObjectId;
  productName: string;
  kg: number;
}

export const RUN_STATUSES = ['opening', 'open', 'closed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface Run {
  townId: Types.ObjectId;
  plantOrgId: Types.ObjectId;
  number: string; // LFT-SC-2026-0001
  ownerOrgId: Types.ObjectId; // whose goods go in (and whose the products are)
  toll: boolean; // processing a customer's goods: the products go back to it as holder
  status: RunStatus;
  openedAt: Date;
  closedAt: Date | null;
  inputs: RunInput[];
  inputKg: number;
  outputs: RunOutput[];
  waterLossKg: number; // evaporated and drained: what the outputs and waste do not account for
  wasteKg: number; // recorded waste (washings, sweepings)
  yieldPct: number | null;
  band: { min: number | null; max: number | null }; // the main product's plausible yield when closed
  flagged: boolean;
  flagCheck: { at: Date; byUserId: Types.ObjectId | null; by: string; note: string } | null;
  notes: string;
  byUserId: Types.ObjectId | null;
  statusOp: Types.ObjectId | null;
  holds: Hold[];
}

const runSchema = new Schema<Run>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    plantOrgId: { type: Schema.Types.ObjectId, required: true },
    number: { type: String, required: true },
    ownerOrgId: { type: Schema.Types.ObjectId, required: true },
    toll: { type: Boolean, default: false },
    status: { type: String, enum: RUN_STATUSES, required: true },
    openedAt: { type: Date, required: true },
    closedAt: { type: Date, default: null },
    inputs: [
      {
        _id: false,
        lotId: Schema.Types.ObjectId,
        lotCode: String,
        fromLotId: Schema.Types.ObjectId,
        fromLotCode: String,
        productId: Schema.Types.ObjectId,
        productName: String,
        kg: Number,
      },
    ],
    inputKg: { type: Number, required: true },
    outputs: [
      {
        _id: false,
        role: { type: String, enum: ['main', 'by'] },
        lotId: Schema.Types.ObjectId,
        lotCode: String,
        productId: Schema.Types.ObjectId,
        productName: String,
        kg: Number,
      },
    ],
    waterLossKg: { type: Number, default: 0 },
    wasteKg: { type: Number, default: 0 },
    yieldPct: { type: Number, default: null },
    band: { min: { type: Number, default: null }, max: { type: Number, default: null } },
    flagged: { type: Boolean, default: false },
    flagCheck: {
      type: new Schema(
        { at: Date, byUserId: { type: Schema.Types.ObjectId, default: null }, by: String, note: String },
        { _id: false },
      ),
      default: null,
    },
    notes: { type: String, default: '' },
    byUserId: { type: Schema.Types.ObjectId, default: null },
    statusOp: { type: Schema.Types.ObjectId, default: null },
    holds: holdsField,
  },
  { timestamps: true },
);
runSchema.index({ plantOrgId: 1, number: 1 }, { unique: true });
runSchema.index({ plantOrgId: 1, status: 1, openedAt: -1 });
runSchema.index({ ownerOrgId: 1, openedAt: -1 });
runSchema.index({ townId: 1, closedAt: -1 });
// officials' flagged runs not yet checked
runSchema.index({ townId: 1, flagged: 1, 'flagCheck.at': 1 });

export const RunModel = defineModel('Run', runSchema);
export type RunDoc = Run & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

/** Runs a scope reaches: the town's, or those the organization ran or owns the goods of. */
export function runFilter(scope: Scope): Record<string, unknown> {
  const shown = { status: { $ne: 'opening' } };
  if (scope.access !== 'own') return { ...scopeFilter(scope, { orgField: null }), ...shown };
  return {
    townId: scope.townId,
    $or: [{ plantOrgId: scope.orgId }, { ownerOrgId: scope.orgId }],
    ...shown,
  };
}

export { Types };
