// The cold chain's records (issue 21): shipments with their handovers, cold stores, the readings
// of both (a time-series collection with a guard of its own for the once-only rule), the upload
// batches that store them, and the alerts a judgment raises.
import { Schema, Types } from 'mongoose';
import { defineModel } from '../kernel/common';
import { holdsField, type Hold } from '../kernel/operation';
import { scopeFilter, type Scope } from '../kernel/scope';
import type { ColdProfile, Judgment } from '~/domain/cold-chain';

export const SHIPMENT_STATUSES = [
  'creating',
  'planned',
  'in_transit',
  'arrived',
  'delivered',
  'rejected',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** A lot carried: the lot itself (a child when part of one was loaded) and where it came from. */
export interface ShipmentLine {
  lotId: Types.ObjectId;
  lotCode: string;
  fromLotId: Types.ObjectId;
  fromLotCode: string;
  productId: Types.ObjectId;
  productName: string;
  quantity: number;
  unit: string;
  /** the lot travels under a delivery, which moves it; the shipment only carries it */
  underDelivery: boolean;
}

export interface Place {
  orgId: Types.ObjectId | null;
  name: string; // the organization's name then, or a free address
}

export interface Handover {
  at: Date;
  handedBy: string;
  receivedBy: string;
  tempC: number | null;
}

/** What a judgment of the readings found, kept on the shipment for lists and the dashboard. */
export interface ColdSummary {
  readings: number;
  compliant: boolean;
  excursions: number;
  openExcursion: boolean;
  budgetUsed: boolean;
  gapMinutes: number;
  highMinutes: number;
  lowMinutes: number;
  minC: number | null;
  maxC: number | null;
  meanC: number | null;
  mktC: number | null;
  lastAt: Date | null;
  lastTempC: number | null;
}

export const emptySummary = (): ColdSummary => ({
  readings: 0,
  compliant: false,
  excursions: 0,
  openExcursion: false,
  budgetUsed: false,
  gapMinutes: 0,
  highMinutes: 0,
  lowMinutes: 0,
  minC: null,
  maxC: null,
  meanC: null,
  mktC: null,
  lastAt: null,
  lastTempC: null,
});

export const summaryOf = (j: Judgment, last: { at: Date; tempC: number } | null): ColdSummary => ({
  readings: j.readings,
  compliant: j.compliant,
  excursions: j.excursions.length,
  openExcursion: j.excursions.some((e) => e.end === null),
  budgetUsed: j.budgetUsedAt !== null,
  gapMinutes: j.gapMinutes,
  highMinutes: j.highMinutes,
  lowMinutes: j.lowMinutes,
  minC: j.minC,
  maxC: j.maxC,
  meanC: j.meanC,
  mktC: j.mktC,
  lastAt: last?.at ?? null,
  lastTempC: last?.tempC ?? null,
});

const profileFields = {
  name: { type: String, default: '' },
  minC: { type: Number, default: null },
  maxC: { type: Number, default: null },
  toleranceMinutes: { type: Number, default: 30 },
  budgetMinutes: { type: Number, default: null },
  intervalMinutes: { type: Number, default: 10 },
};
const summaryFields = {
  readings: { type: Number, default: 0 },
  compliant: { type: Boolean, default: false },
  excursions: { type: Number, default: 0 },
  openExcursion: { type: Boolean, default: false },
  budgetUsed: { type: Boolean, default: false },
  gapMinutes: { type: Number, default: 0 },
  highMinutes: { type: Number, default: 0 },
  lowMinutes: { type: Number, default: 0 },
  minC: { type: Number, default: null },
  maxC: { type: Number, default: null },
  meanC: { type: Number, default: null },
  mktC: { type: Number, default: null },
  lastAt: { type: Date, default: null },
  lastTempC: { type: Number, default: null },
};
const handoverSchema = new Schema(
  { at: Date, handedBy: String, receivedBy: String, tempC: { type: Number, default: null } },
  { _id: false },
);

export type Profile = ColdProfile & { name: string };

export interface Shipment {
  townId: Types.ObjectId;
  carrierOrgId: Types.ObjectId;
  code: string; // LFT-YS-20261108-003
  status: ShipmentStatus;
  senderOrgId: Types.ObjectId; // who held the lots before (they go back to it when rejected)
  consigneeOrgId: Types.ObjectId;
  productId: Types.ObjectId;
  productName: string;
  profile: Profile;
  lines: ShipmentLine[];
  vehiclePlate: string;
  driverName: string;
  driverPhone: string;
  origin: Place;
  destination: Place;
  plannedDepartureAt: Date;
  plannedArrivalAt: Date | null;
  departedAt: Date | null;
  arrivedAt: Date | null;
  loading: Handover | null;
  unloading: Handover | null;
  receivedAt: Date | null;
  receivedByName: string;
  rejectionReason: string;
  deliveryIds: Types.ObjectId[];
  notes: string;
  summary: ColdSummary;
  /** readings arrived since the last judgment: the judge job is due */
  judgeDue: Date | null;
  judgedAt: Date | null;
  holds: Hold[];
}

const shipmentSchema = new Schema<Shipment>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    carrierOrgId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    status: { type: String, enum: SHIPMENT_STATUSES, required: true },
    senderOrgId: { type: Schema.Types.ObjectId, required: true },
    consigneeOrgId: { type: Schema.Types.ObjectId, required: true },
    productId: { type: Schema.Types.ObjectId, required: true },
    productName: { type: String, required: true },
    profile: profileFields,
    lines: [
      {
        _id: false,
        lotId: Schema.Types.ObjectId,
        lotCode: String,
        fromLotId: Schema.Types.ObjectId,
        fromLotCode: String,
        productId: Schema.Types.ObjectId,
        productName: String,
        quantity: Number,
        unit: String,
        underDelivery: Boolean,
      },
    ],
    vehiclePlate: { type: String, required: true },
    driverName: { type: String, default: '' },
    driverPhone: { type: String, default: '' },
    origin: { orgId: { type: Schema.Types.ObjectId, default: null }, name: String },
    destination: { orgId: { type: Schema.Types.ObjectId, default: null }, name: String },
    plannedDepartureAt: { type: Date, required: true },
    plannedArrivalAt: { type: Date, default: null },
    departedAt: { type: Date, default: null },
    arrivedAt: { type: Date, default: null },
    loading: { type: handoverSchema, default: null },
    unloading: { type: handoverSchema, default: null },
    receivedAt: { type: Date, default: null },
    receivedByName: { type: String, default: '' },
    rejectionReason: { type: String, default: '' },
    deliveryIds: { type: [Schema.Types.ObjectId], default: [] },
    notes: { type: String, default: '' },
    summary: summaryFields,
    judgeDue: { type: Date, default: null },
    judgedAt: { type: Date, default: null },
    holds: holdsField,
  },
  { timestamps: true },
);
shipmentSchema.index({ code: 1 }, { unique: true });
// the carrier's list, the consignee's and the town's, newest first
shipmentSchema.index({ carrierOrgId: 1, plannedDepartureAt: -1, _id: -1 });
shipmentSchema.index({ consigneeOrgId: 1, plannedDepartureAt: -1, _id: -1 });
shipmentSchema.index({ senderOrgId: 1, plannedDepartureAt: -1, _id: -1 });
shipmentSchema.index({ townId: 1, plannedDepartureAt: -1, _id: -1 });
// a lot is on one shipment at a time (a rejected one gives it back: see lineLots)
shipmentSchema.index({ 'lines.lotId': 1, status: 1 });
shipmentSchema.index({ judgeDue: 1 }, { sparse: true });
export const ShipmentModel = defineModel('Shipment', shipmentSchema);
export type ShipmentDoc = Shipment & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

/** Shipments a scope reaches: the town's, or those the organization carries, sends or receives. */
export function shipmentFilter(scope: Scope): Record<string, unknown> {
  const visible = { status: { $ne: 'creating' } };
  if (scope.access !== 'own') return { ...scopeFilter(scope, { orgField: null }), ...visible };
  return {
    townId: scope.townId,
    $or: [{ carrierOrgId: scope.orgId }, { consigneeOrgId: scope.orgId }, { senderOrgId: scope.orgId }],
    ...visible,
  };
}

// ---------------------------------------------------------------- cold stores

export interface ColdStore {
  townId: Types.ObjectId;
  orgId: Types.ObjectId; // who runs it (a plant, a carrier, an enterprise)
  code: string;
  name: string;
  address: string;
  profile: Profile;
  summary: ColdSummary;
  judgeDue: Date | null;
  judgedAt: Date | null;
  archivedAt: Date | null;
}

const storeSchema = new Schema<ColdStore>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    address: { type: String, default: '' },
    profile: profileFields,
    summary: summaryFields,
    judgeDue: { type: Date, default: null },
    judgedAt: { type: Date, default: null },
    archivedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
storeSchema.index({ townId: 1, code: 1 }, { unique: true });
storeSchema.index({ orgId: 1, code: 1 });
storeSchema.index({ judgeDue: 1 }, { sparse: true });
export const ColdStoreModel = defineModel('ColdStore', storeSchema);
export type ColdStoreDoc = ColdStore & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

/** A lot put into a store or taken out of it. */
const storeMoveSchema = new Schema(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    storeId: { type: Schema.Types.ObjectId, required: true },
    lotId: { type: Schema.Types.ObjectId, required: true },
    lotCode: { type: String, required: true },
    productName: { type: String, default: '' },
    quantity: { type: Number, required: true },
    unit: { type: String, default: 'kg' },
    inAt: { type: Date, required: true },
    outAt: { type: Date, default: null },
    byName: { type: String, default: '' },
  },
  { timestamps: true },
);
storeMoveSchema.index({ storeId: 1, outAt: 1, inAt: -1 });
// a lot is in one store at a time
storeMoveSchema.index({ lotId: 1 }, { unique: true, partialFilterExpression: { outAt: null } });
export const StoreMoveModel = defineModel('StoreMove', storeMoveSchema);

// the readings, their once-only guard and their batches: ./reading-schema.ts
export * from './reading-schema';

// ---------------------------------------------------------------- alerts

export const ALERT_KINDS = ['excursion_started', 'excursion_ended', 'budget_used'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface Alert {
  _id: Types.ObjectId;
  townId: Types.ObjectId;
  /** one per event: `${subject}:${kind}:${excursion start}` */
  key: string;
  kind: AlertKind;
  subjectKind: 'shipment' | 'store';
  subjectId: Types.ObjectId;
  subjectCode: string;
  productName: string;
  orgIds: Types.ObjectId[]; // who is told: the carrier and the consignee (a store: its keeper)
  at: Date; // when the event happened (the tolerance passed, the run ended, the budget ran out)
  direction: 'high' | 'low' | 'both' | null;
  startAt: Date | null;
  endAt: Date | null;
  minutes: number;
  peakC: number | null;
  band: string;
  seenBy: Types.ObjectId[];
  createdAt: Date;
}
const alertSchema = new Schema<Alert>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    kind: { type: String, enum: ALERT_KINDS, required: true },
    subjectKind: { type: String, required: true },
    subjectId: { type: Schema.Types.ObjectId, required: true },
    subjectCode: { type: String, required: true },
    productName: { type: String, default: '' },
    orgIds: { type: [Schema.Types.ObjectId], default: [] },
    at: { type: Date, required: true },
    direction: { type: String, default: null },
    startAt: { type: Date, default: null },
    endAt: { type: Date, default: null },
    minutes: { type: Number, default: 0 },
    peakC: { type: Number, default: null },
    band: { type: String, default: '' },
    seenBy: { type: [Schema.Types.ObjectId], default: [] },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
alertSchema.index({ key: 1 }, { unique: true });
alertSchema.index({ orgIds: 1, at: -1, _id: -1 });
alertSchema.index({ townId: 1, at: -1, _id: -1 });
alertSchema.index({ subjectId: 1, at: 1 });
export const AlertModel = defineModel('ColdAlert', alertSchema);
