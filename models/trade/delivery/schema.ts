// Deliveries (交售): a seller's lots handed to a buyer, under a contract or as a spot purchase
// (现货收购, contractId null, at a price both agree). The buyer confirms (a receipt in the
// ledger, models/kernel/ledger.ts), disputes, or adjusts and the seller answers. A delivery belongs
// to both organizations: `own` access reaches it from the seller's and the buyer's side.
import { Schema, Types } from 'mongoose';
import { defineModel, retireIndexes } from '../../kernel/common';
import { holdsField, type Hold } from '../../kernel/operation';
import { scopeFilter, type Scope } from '../../kernel/scope';
import { DELIVERY_STATUSES, type DeliveryStatus } from '~/domain/delivery';
import { GRADES, type Grade } from '~/domain/planting';
import type { PriceSource } from '~/domain/pricing';

/** One lot in a delivery: the lot delivered (a child lot when part of a lot was taken). */
export interface DeliveryLine {
  lotId: Types.ObjectId; // the lot that passes to the buyer
  lotCode: string;
  fromLotId: Types.ObjectId; // the seller's lot it came from (the same lot when taken whole)
  fromLotCode: string;
  quantity: number; // net kg, or head
}

/** The price as it was worked out, copied so that later price changes never rewrite it. */
export interface PricedFigures {
  quantity: number;
  grade: Grade;
  moisturePct: number;
  impurityPct: number;
  marketFen: number | null; // the reference price of the delivery's day, if any
  marketDay: string | null;
  source: PriceSource | 'agreed';
  unitFen: number;
  deductedQty: number;
  payableQty: number;
  amountFen: number;
}

export interface Adjustment extends PricedFigures {
  reason: string;
  /** the plant's weigh ticket whose figures these are (confirmed as weighed), or '' */
  weighedTicket?: string;
  at: Date;
  byUserId: Types.ObjectId | null;
}

/** A copy of the receipt's figures (the ledger entry is the record; db:check compares them). */
export interface ReceiptSummary {
  entryId: Types.ObjectId;
  number: string;
  at: Date;
  quantity: number;
  payableQty: number;
  unitFen: number;
  amountFen: number;
  depositCreditFen: number;
  dueFen: number; // what the buyer owes: the amount less the deposit credited
}

export interface Correction {
  amountFen: number; // to take off the receipt's amount
  reason: string;
  at: Date;
  byUserId: Types.ObjectId | null;
  status: 'proposed' | 'accepted' | 'refused';
  answer: string; // the seller's reason when refusing
}

export interface Delivery {
  townId: Types.ObjectId;
  code: string; // LFT-JS-2026-00001
  contractId: Types.ObjectId | null; // null: a spot purchase
  buyerOrgId: Types.ObjectId;
  sellerOrgId: Types.ObjectId;
  productId: Types.ObjectId;
  productName: string;
  unit: 'kg' | 'head';
  deliveredOn: string; // YYYY-MM-DD (Shanghai)
  weighTicket: string; // 磅单号, unique per buyer (a herd sale: its lot's code)
  /** the buyer's receiving plant the goods go to, where they are weighed in (null: the buyer) */
  plantOrgId?: Types.ObjectId | null;
  /** Live animals: what the head weighed at the sale, in kg, as the base recorded it (null: not weighed or not livestock). */
  liveWeightKg?: number | null;
  lines: DeliveryLine[];
  submitted: PricedFigures; // as the seller submitted it
  adjustment: Adjustment | null; // the buyer's change, waiting for the seller (or accepted)
  status: DeliveryStatus;
  statusAt: Date;
  disputeReason: string;
  disputedBy: 'buyer' | 'seller' | null;
  receipt: ReceiptSummary | null;
  paidFen: number; // derived from payment entries, held by payment operations
  /** A correction of the receipt the buyer proposed, waiting for the seller (or answered). */
  correction: Correction | null;
  reversedFen: number; // derived from reversal entries: taken off the receipt by corrections
  holds: Hold[];
  submittedBy: Types.ObjectId | null;
  photoId: Types.ObjectId | null; // the weigh ticket's photo (DeliveryPhotoModel)
  /** The operation that moved the status last (its release puts the status back). */
  statusOp: Types.ObjectId | null;
}

const figures = {
  quantity: { type: Number, required: true },
  grade: { type: String, enum: GRADES, required: true },
  moisturePct: { type: Number, default: 0 },
  impurityPct: { type: Number, default: 0 },
  marketFen: { type: Number, default: null },
  marketDay: { type: String, default: null },
  source: { type: String, required: true },
  unitFen: { type: Number, required: true },
  deductedQty: { type: Number, default: 0 },
  payableQty: { type: Number, required: true },
  amountFen: { type: Number, required: true },
};

const deliverySchema = new Schema<Delivery>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    contractId: { type: Schema.Types.ObjectId, default: null },
    buyerOrgId: { type: Schema.Types.ObjectId, required: true },
    sellerOrgId: { type: Schema.Types.ObjectId, required: true },
    productId: { type: Schema.Types.ObjectId, required: true },
    productName: { type: String, required: true },
    unit: { type: String, enum: ['kg', 'head'], required: true },
    deliveredOn: { type: String, required: true },
    weighTicket: { type: String, required: true },
    liveWeightKg: { type: Number, default: null },
    plantOrgId: { type: Schema.Types.ObjectId, default: null },
    lines: [
      {
        _id: false,
        lotId: Schema.Types.ObjectId,
        lotCode: String,
        fromLotId: Schema.Types.ObjectId,
        fromLotCode: String,
        quantity: Number,
      },
    ],
    submitted: { type: new Schema(figures, { _id: false }), required: true },
    adjustment: {
      type: new Schema(
        {
          ...figures,
          reason: String,
          weighedTicket: { type: String, default: '' },
          at: Date,
          byUserId: { type: Schema.Types.ObjectId, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    statusAt: { type: Date, required: true },
    disputeReason: { type: String, default: '' },
    disputedBy: { type: String, enum: ['buyer', 'seller', null], default: null },
    receipt: {
      type: new Schema(
        {
          entryId: Schema.Types.ObjectId,
          number: String,
          at: Date,
          quantity: Number,
          payableQty: Number,
          unitFen: Number,
          amountFen: Number,
          depositCreditFen: Number,
          dueFen: Number,
        },
        { _id: false },
      ),
      default: null,
    },
    paidFen: { type: Number, default: 0 },
    correction: {
      type: new Schema(
        {
          amountFen: Number,
          reason: String,
          at: Date,
          byUserId: { type: Schema.Types.ObjectId, default: null },
          status: { type: String, enum: ['proposed', 'accepted', 'refused'] },
          answer: { type: String, default: '' },
        },
        { _id: false },
      ),
      default: null,
    },
    reversedFen: { type: Number, default: 0 },
    holds: holdsField,
    submittedBy: { type: Schema.Types.ObjectId, default: null },
    photoId: { type: Schema.Types.ObjectId, default: null },
    statusOp: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);
deliverySchema.index({ code: 1 }, { unique: true });
// a weigh ticket is used once per buyer
deliverySchema.index({ buyerOrgId: 1, weighTicket: 1 }, { unique: true });
// each side's list by status, newest first (the buyer's pending list)
deliverySchema.index({ buyerOrgId: 1, status: 1, deliveredOn: -1, _id: -1 });
deliverySchema.index({ sellerOrgId: 1, status: 1, deliveredOn: -1, _id: -1 });
deliverySchema.index({ buyerOrgId: 1, deliveredOn: -1, _id: -1 });
deliverySchema.index({ sellerOrgId: 1, deliveredOn: -1, _id: -1 });
deliverySchema.index({ townId: 1, deliveredOn: -1, _id: -1 });
// the lists were newest entered first before they were newest delivery date first
retireIndexes('Delivery', [
  { buyerOrgId: 1, status: 1, _id: -1 },
  { sellerOrgId: 1, status: 1, _id: -1 },
  { buyerOrgId: 1, _id: -1 },
  { sellerOrgId: 1, _id: -1 },
  { townId: 1, _id: -1 },
]);
// a month's receipts of a town (what is owed on them: dashboard facts)
deliverySchema.index({ townId: 1, 'receipt.at': 1 });
// a contract's deliveries (fulfilment), and a lot's delivery
deliverySchema.index({ contractId: 1, status: 1, deliveredOn: 1 });
deliverySchema.index({ 'lines.lotId': 1 });
// what is arriving at a plant: the deliveries sent to it, newest first
deliverySchema.index({ plantOrgId: 1, status: 1, deliveredOn: -1 });

export const DeliveryModel = defineModel('Delivery', deliverySchema);
export type DeliveryDoc = Delivery & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

/** Deliveries a scope reaches: the town's, or those the organization sells or buys. */
export function deliveryFilter(scope: Scope): Record<string, unknown> {
  if (scope.access !== 'own')
    return { ...scopeFilter(scope, { orgField: null }), status: { $ne: 'submitting' } };
  return {
    townId: scope.townId,
    $or: [{ buyerOrgId: scope.orgId }, { sellerOrgId: scope.orgId }],
    status: { $ne: 'submitting' },
  };
}

/** A weigh ticket's photo, kept in the database with its delivery (images only, at most 2 MB). */
export interface DeliveryPhoto {
  deliveryId: Types.ObjectId;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  size: number;
  data: Buffer;
  createdAt: Date;
}
const photoSchema = new Schema<DeliveryPhoto>(
  {
    deliveryId: { type: Schema.Types.ObjectId, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    data: { type: Buffer, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
photoSchema.index({ deliveryId: 1 });
export const DeliveryPhotoModel = defineModel('DeliveryPhoto', photoSchema);

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** The image type of a file by its first bytes (never its name or declared type), or null. */
export function imageType(bytes: Uint8Array): DeliveryPhoto['contentType'] | null {
  const at = (i: number) => bytes[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length > 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** What the buyer still owes on a receipt (negative: the seller owes a refund). */
export const owedOn = (d: { receipt: { dueFen: number } | null; paidFen: number; reversedFen?: number }) =>
  d.receipt ? d.receipt.dueFen - (d.reversedFen ?? 0) - d.paidFen : 0;

/** The same in a query: a receipt not fully paid. */
export const UNPAID = {
  $expr: { $lt: [{ $add: ['$paidFen', { $ifNull: ['$reversedFen', 0] }] }, '$receipt.dueFen'] },
};

export { Types };
