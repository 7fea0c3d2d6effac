import mongoose, { Schema, Types } from 'mongoose';
import { defineModel, escapeRegex, toPlain } from '../kernel/common';
import { scopeFilter, type Scope } from '../kernel/scope';
import { VISIBLE } from '../kernel/staging';
import { holdsField, type Hold } from '../kernel/operation';
import { buildDocument } from '../kernel/write';
import { compactShanghaiDate } from '~/domain/time';

// `split`: part of a lot taken away (a delivery of part of it); the origin's fields are the parent's
// `collection`: a cooperative's purchases from member households (收购), its kg theirs added up
export const LOT_ORIGINS = ['harvest', 'herd_sale', 'processing', 'intake', 'split', 'collection'] as const;
export type LotOrigin = (typeof LOT_ORIGINS)[number];

// `voided`: made for an event that was voided (a sale entered by mistake); kept for the record
// `delivering`: in a delivery the buyer has not confirmed yet; `split`: divided into child lots
export const LOT_STATUSES = [
  'in_stock',
  'delivering',
  'delivered',
  'split',
  'taken_in',
  'shipped',
  'consumed',
  'voided',
] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

export interface Lot {
  townId: Types.ObjectId;
  orgId: Types.ObjectId; // the organization that created the lot
  code: string; // LFT-GG-20261015-007
  productId: Types.ObjectId;
  productCode: string;
  productName: string;
  unit: 'kg' | 'head';
  quantity: number; // kg, or head for live animals
  grade: string;
  producedAt: Date; // harvest / sale / processing date (Shanghai midnight of that day)
  origin: {
    kind: LotOrigin;
    plantingId: Types.ObjectId | null;
    harvestId: Types.ObjectId | null;
    herdEventId: Types.ObjectId | null;
    villageId: Types.ObjectId | null;
    cooperativeId: Types.ObjectId | null;
    baseId: Types.ObjectId | null;
  };
  parentLotIds: Types.ObjectId[]; // intake merges lots; processing transforms them
  inputs: LotInput[]; // what was taken from each parent (a split: the child's part of it)
  // the households whose produce is in the lot, from purchases (a collection lot is made of
  // them; a harvest lot may be broken down by household after the fact, up to its quantity)
  households: LotHousehold[];
  householdKg: number; // their kg added up (guards the breakdown)
  holderOrgId: Types.ObjectId; // who has the goods now
  /** whose goods they are when not the holder's (a cooperative's, held by a plant for 来料加工) */
  ownerOrgId: Types.ObjectId | null;
  status: LotStatus;
  movedAt: Date | null; // set when the lot first moves on; records behind it are then frozen
  importId: Types.ObjectId | null;
  holds: Hold[]; // operations that have reserved the lot and are not finished
}

/** A household's part of a lot: the purchase that brought it. */
export interface LotHousehold {
  householdId: Types.ObjectId;
  entryId: Types.ObjectId;
  kg: number;
}

/** A parent lot and the quantity taken from it. */
export interface LotInput {
  lotId: Types.ObjectId;
  quantity: number;
}

const lotSchema = new Schema<Lot>(
  {
    townId: { type: Schema.Types.ObjectId, ref: 'Town', required: true },
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
    code: { type: String, required: true },
    productId: { type: Schema.Types.ObjectId, ref: 'Product', required: true },
    productCode: { type: String, required: true },
    productName: { type: String, required: true },
    unit: { type: String, enum: ['kg', 'head'], required: true },
    quantity: { type: Number, required: true, min: 0 },
    grade: { type: String, default: '' },
    producedAt: { type: Date, required: true },
    origin: {
      kind: { type: String, enum: LOT_ORIGINS, required: true },
      plantingId: { type: Schema.Types.ObjectId, default: null },
      harvestId: { type: Schema.Types.ObjectId, default: null },
      herdEventId: { type: Schema.Types.ObjectId, default: null },
      villageId: { type: Schema.Types.ObjectId, default: null },
      cooperativeId: { type: Schema.Types.ObjectId, default: null },
      baseId: { type: Schema.Types.ObjectId, default: null },
    },
    parentLotIds: { type: [Schema.Types.ObjectId], default: [] },
    inputs: { type: [{ _id: false, lotId: Schema.Types.ObjectId, quantity: Number }], default: [] },
    households: {
      type: [{ _id: false, householdId: Schema.Types.ObjectId, entryId: Schema.Types.ObjectId, kg: Number }],
      default: [],
    },
    householdKg: { type: Number, default: 0 },
    holderOrgId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
    ownerOrgId: { type: Schema.Types.ObjectId, ref: 'Organization', default: null },
    status: { type: String, enum: LOT_STATUSES, default: 'in_stock' },
    movedAt: { type: Date, default: null },
    importId: { type: Schema.Types.ObjectId, default: null },
    holds: holdsField,
  },
  { timestamps: true },
);
// natural key: the public trace page looks lots up by code
lotSchema.index({ code: 1 }, { unique: true });
// officials' lot list of a town, newest first
lotSchema.index({ townId: 1, producedAt: -1 });
// lot list of an organization (own lots and lots it holds), newest first
lotSchema.index({ townId: 1, orgId: 1, producedAt: -1 });
lotSchema.index({ townId: 1, holderOrgId: 1, producedAt: -1 });
// a plant's stock by product, and an owner's goods held elsewhere
lotSchema.index({ holderOrgId: 1, status: 1, productId: 1, producedAt: 1 });
lotSchema.index({ townId: 1, ownerOrgId: 1, producedAt: -1 });
// backward trace: children of a lot
lotSchema.index({ parentLotIds: 1 });
// the lot a harvest or herd sale created
lotSchema.index({ 'origin.harvestId': 1 }, { sparse: true });
lotSchema.index({ 'origin.herdEventId': 1 }, { sparse: true });

export const LotModel = defineModel('Lot', lotSchema);

// ---- lot codes: town-product-date-sequence, the sequence kept per (town, product, day) ----

interface LotCounter {
  _id: string; // LFT-GG-20261015
  seq: number;
}
const counterSchema = new Schema<LotCounter>({ _id: String, seq: { type: Number, default: 0 } });
export const LotCounterModel = defineModel('LotCounter', counterSchema);

/** Reserves `count` consecutive lot codes for a town, product and day (atomic $inc). */
export async function reserveLotCodes(
  townCode: string,
  productCode: string,
  day: Date,
  count = 1,
): Promise<string[]> {
  const prefix = `${townCode}-${productCode}-${compactShanghaiDate(day)}`;
  const counter = await LotCounterModel.findOneAndUpdate(
    { _id: prefix },
    { $inc: { seq: count } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  const last = counter!.seq;
  return Array.from(
    { length: count },
    (_, i) => `${prefix}-${String(last - count + 1 + i).padStart(3, '0')}`,
  );
}

/** The next number of a numbered series (contracts, deliveries, receipts, payments): `PREFIX-0001`. */
export async function reserveNumber(prefix: string, width = 5) {
  const counter = await LotCounterModel.findOneAndUpdate(
    { _id: prefix },
    { $inc: { seq: 1 } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  return `${prefix}-${String(counter!.seq).padStart(width, '0')}`;
}

export type NewLot = Omit<
  Lot,
  | 'code'
  | 'status'
  | 'movedAt'
  | 'parentLotIds'
  | 'inputs'
  | 'importId'
  | 'holderOrgId'
  | 'ownerOrgId'
  | 'holds'
  | 'households'
  | 'householdKg'
> &
  Partial<
    Pick<
      Lot,
      | 'parentLotIds'
      | 'inputs'
      | 'importId'
      | 'holderOrgId'
      | 'ownerOrgId'
      | 'status'
      | 'households'
      | 'householdKg'
    >
  > & {
    townCode: string;
  };

/** Where a harvest's lot comes from: the planting, its harvest, its village and cooperative. */
export function harvestOrigin(h: {
  plantingId: Types.ObjectId;
  harvestId: Types.ObjectId;
  villageId: Types.ObjectId;
  cooperativeId: Types.ObjectId;
}): Lot['origin'] {
  return { kind: 'harvest', herdEventId: null, baseId: null, ...h };
}

/**
 * A new lot with its code: every field, with the defaults every origin shares (held by its
 * maker, in stock, no parents, no household breakdown). The one place a lot is put together:
 * a harvest, a herd sale, a purchase from households, a split and an import all come here
 * (`planLot` for one lot, an import for many codes at once).
 */
export function lotDocument(lot: Omit<NewLot, 'townCode'> & { _id?: Types.ObjectId }, code: string) {
  const now = new Date();
  return {
    _id: lot._id ?? new Types.ObjectId(),
    parentLotIds: [],
    inputs: [],
    households: [],
    householdKg: 0,
    importId: null,
    ...lot,
    code,
    holderOrgId: lot.holderOrgId ?? lot.orgId,
    ownerOrgId: lot.ownerOrgId ?? null,
    status: lot.status ?? ('in_stock' as const),
    movedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * A new lot's document, with its id and the next code for its town, product and day reserved
 * (an operation's plan inserts it), checked by the lot's schema. A reserved code that is never
 * used leaves a gap.
 */
export async function planLot(input: NewLot) {
  const { townCode, parentLotIds = [], inputs = [], ...lot } = input;
  const [code] = await reserveLotCodes(townCode, lot.productCode, lot.producedAt);
  const doc = await buildDocument(
    LotModel,
    lotDocument({ ...lot, parentLotIds: [], inputs: [] }, code) as Partial<Lot>,
  );
  // the parent links are ids and kg our own code took from stored lots: set as they are
  // (casting a thousand subdocuments — a run's collection lots — costs more than the operation)
  return Object.assign(doc, {
    parentLotIds,
    inputs: inputs.map((i) => ({ lotId: i.lotId, quantity: i.quantity })),
  });
}

/** Lots a user may see: own-scope users see lots they created, hold or own (held by a plant). */
export function lotScope(scope: Scope) {
  if (scope.access !== 'own') return { ...scopeFilter(scope), ...VISIBLE };
  return {
    townId: scope.townId,
    $or: [{ orgId: scope.orgId }, { holderOrgId: scope.orgId }, { ownerOrgId: scope.orgId }],
    ...VISIBLE,
  };
}

/** Which of these lots the reader may open (a page links only those). */
export async function visibleLotIds(scope: Scope, ids: Types.ObjectId[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const docs = await LotModel.find({ _id: { $in: ids }, ...lotScope(scope) })
    .select('_id')
    .lean();
  return new Set(docs.map((d) => String(d._id)));
}

export async function getLotByCode(scope: Scope, code: string) {
  const doc = await LotModel.findOne({ code, ...lotScope(scope) }).lean();
  return doc && toPlain(doc);
}

/**
 * What anyone holding the QR code may see of a lot: what it is, when and where it was produced
 * and by whom. Never quantities held, prices, buyers or anyone's personal data.
 */
export async function getPublicLot(code: string) {
  const fields =
    'code productId productName grade producedAt origin.kind origin.villageId orgId townId unit parentLotIds';
  const found = await LotModel.findOne({ code, ...VISIBLE })
    .select(fields)
    .lean();
  if (!found) return null;
  // a lot split off another (part of it delivered) tells where the produce came from, not the
  // split: the origin, date and producer of the lot it was split from, however many splits up
  let lot = found;
  for (let hops = 0; lot.origin.kind === 'split' && lot.parentLotIds?.[0] && hops < 20; hops++) {
    const parent = await LotModel.findById(lot.parentLotIds[0]).select(fields).lean();
    if (!parent) break;
    lot = parent;
  }
  const [product, producer, village, town] = await Promise.all([
    mongoose.model('Product').findById(lot.productId).select('nameEn').lean<{ nameEn?: string }>(),
    mongoose.model('Organization').findById(lot.orgId).select('name').lean<{ name: string }>(),
    lot.origin.villageId
      ? mongoose.model('Village').findById(lot.origin.villageId).select('name').lean<{ name: string }>()
      : null,
    mongoose
      .model('Town')
      .findById(lot.townId)
      .select('name county')
      .lean<{ name: string; county: string }>(),
  ]);
  return {
    code: found.code,
    product: { zh: lot.productName, en: product?.nameEn || lot.productName },
    grade: lot.grade,
    producedAt: lot.producedAt,
    originKind: lot.origin.kind,
    producer: producer?.name ?? '',
    village: village?.name ?? '',
    town: town ? `${town.county}${town.name}` : '',
  };
}

export const LOT_PAGE_SIZE = 50;

/** One page of the lots in scope, newest first, with only what a list shows. */
export async function listLots(
  scope: Scope,
  {
    productId,
    code,
    page = 1,
    limit = LOT_PAGE_SIZE,
  }: { productId?: Types.ObjectId; code?: string; page?: number; limit?: number } = {},
) {
  // Sorted by the indexes' own order (a merge of the two index scans for own-scope users, the
  // code index for a search by code): never a blocking in-memory sort over years of lots.
  const search = code ? { code: { $regex: `^${escapeRegex(code.toUpperCase())}` } } : {};
  const docs = await LotModel.find({ ...lotScope(scope), ...(productId && { productId }), ...search })
    .sort(code ? { code: -1 } : { producedAt: -1 })
    .skip((page - 1) * limit)
    .limit(limit + 1)
    .select('code productId productName quantity unit producedAt holderOrgId status')
    .lean();
  return { lots: docs.slice(0, limit).map(toPlain), hasMore: docs.length > limit };
}

/** Lots by their codes, for printing their labels (at most 60 at once). */
export async function lotsByCodes(scope: Scope, codes: string[]) {
  const docs = await LotModel.find({ ...lotScope(scope), code: { $in: codes.slice(0, 60) } })
    .select('code productId productName quantity unit grade producedAt')
    .lean();
  const order = new Map(codes.map((c, i) => [c, i]));
  return docs.map(toPlain).sort((a, b) => (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0));
}

/** A lot's code, for a record that names it (the record was checked against the scope). */
export async function lotCodeOf(id: Types.ObjectId | string) {
  const lot = await LotModel.findById(id).select('code').lean();
  return lot?.code ?? null;
}

/** What an organization holds in stock and may deliver or sell, newest first. */
export async function lotsInStock(
  scope: Scope,
  {
    limit = 300,
    unit,
    originKinds,
    code,
  }: { limit?: number; unit?: Lot['unit']; originKinds?: string[]; /** this one lot */ code?: string } = {},
) {
  const filter: Record<string, unknown> = {
    townId: scope.townId,
    holderOrgId: scope.orgId,
    status: 'in_stock',
    ...(code !== undefined && { code }),
    ...(unit && { unit }),
    // of its own making (a harvest, a collection), not bought from another
    ...(originKinds && { orgId: scope.orgId, 'origin.kind': { $in: originKinds } }),
    ...VISIBLE,
  };
  const docs = await LotModel.find(filter)
    .sort({ producedAt: -1 })
    .limit(limit)
    .select('code productId productName quantity unit grade householdKg origin.kind')
    .lean();
  return docs.map(toPlain);
}
