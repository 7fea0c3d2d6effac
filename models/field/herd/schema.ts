// The herd register as stored: events, the head count per (base, species), ear tags.
// The head count lives in one document moved only by a guarded $inc with a hold marker
// (models/kernel/operation.ts), so it never goes below zero however many removals race, and a crash
// never leaves it out of step with its events. An ear tag is a document with the tag as _id:
// a tag exists once.
import { Schema, Types } from 'mongoose';
import { defineModel } from '../../kernel/common';
import { holdsField, type Hold } from '../../kernel/operation';
import { HERD_EVENT_KINDS, type HerdEventKind } from '~/schemas/herd';
import { SPECIES, type Species } from '~/schemas/roles';

export interface HerdEvent {
  townId: Types.ObjectId;
  orgId: Types.ObjectId; // the base
  species: Species;
  kind: HerdEventKind;
  date: Date;
  head: number;
  delta: number; // +head for births and purchases, −head for the rest
  earTags: string[];
  cause: string;
  buyer: string;
  weightKg: number | null;
  priceFen: number | null;
  notes: string;
  lotId: Types.ObjectId | null;
  lotCode: string;
  reverses: Types.ObjectId | null; // this event voids that one (same kind, opposite change)
  reversedBy: Types.ObjectId | null; // voided by that event: left out of the figures by kind
  importId: Types.ObjectId | null;
}

const herdEventSchema = new Schema<HerdEvent>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    species: { type: String, enum: SPECIES, required: true },
    kind: { type: String, enum: HERD_EVENT_KINDS, required: true },
    date: { type: Date, required: true },
    head: { type: Number, required: true, min: 1 },
    delta: { type: Number, required: true },
    earTags: { type: [String], default: [] },
    cause: { type: String, default: '' },
    buyer: { type: String, default: '' },
    weightKg: { type: Number, default: null },
    priceFen: { type: Number, default: null },
    notes: { type: String, default: '' },
    lotId: { type: Schema.Types.ObjectId, default: null },
    lotCode: { type: String, default: '' },
    reverses: { type: Schema.Types.ObjectId, default: null },
    reversedBy: { type: Schema.Types.ObjectId, default: null },
    importId: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true },
);
// a base's events of one species in date order (history, back-dating checks)
herdEventSchema.index({ orgId: 1, species: 1, date: 1 });
// a base's event list, newest first
herdEventSchema.index({ orgId: 1, date: -1 });
// a town's events by month (dashboards)
herdEventSchema.index({ townId: 1, date: 1 });
herdEventSchema.index({ importId: 1 }, { sparse: true });

export const HerdEventModel = defineModel('HerdEvent', herdEventSchema);

interface HerdCount {
  _id: string; // `${baseId}:${species}`
  townId: Types.ObjectId;
  baseId: Types.ObjectId;
  species: Species;
  head: number;
  holds: Hold[]; // head added (or taken) by operations and imports not yet finished
}
const herdCountSchema = new Schema<HerdCount>(
  {
    _id: String,
    townId: { type: Schema.Types.ObjectId, required: true },
    baseId: { type: Schema.Types.ObjectId, required: true },
    species: { type: String, enum: SPECIES, required: true },
    head: { type: Number, required: true, min: 0 },
    holds: holdsField,
  },
  { versionKey: false },
);
// head counts of a town's bases (officials' overview)
herdCountSchema.index({ townId: 1, baseId: 1 });
export const HerdCountModel = defineModel('HerdCount', herdCountSchema);

// `voided`: registered by an event that was voided; removed once the voiding is complete
export const EAR_TAG_STATUSES = ['alive', 'dead', 'sold', 'voided'] as const;
interface EarTag {
  _id: string; // the 15-digit tag
  baseId: Types.ObjectId;
  species: Species;
  status: (typeof EAR_TAG_STATUSES)[number];
  addedBy: Types.ObjectId;
  removedBy: Types.ObjectId | null;
  importId: Types.ObjectId | null; // registered by an import still being written
  removedByImport: Types.ObjectId | null;
}
const earTagSchema = new Schema<EarTag>(
  {
    _id: String,
    baseId: { type: Schema.Types.ObjectId, required: true },
    species: { type: String, enum: SPECIES, required: true },
    status: { type: String, enum: EAR_TAG_STATUSES, required: true },
    addedBy: { type: Schema.Types.ObjectId, required: true },
    removedBy: { type: Schema.Types.ObjectId, default: null },
    importId: { type: Schema.Types.ObjectId, default: null },
    removedByImport: { type: Schema.Types.ObjectId, default: null },
  },
  { versionKey: false },
);
// undoing an import's tags
earTagSchema.index({ importId: 1 }, { sparse: true });
earTagSchema.index({ removedByImport: 1 }, { sparse: true });
export const EarTagModel = defineModel('EarTag', earTagSchema);

export const countId = (baseId: Types.ObjectId, species: string) => `${baseId}:${species}`;
