// Reading the plant's records: tickets, what is arriving, runs, the stock, the plant's home.
import { Types } from 'mongoose';
import { toPlain } from '../kernel/common';
import { monthStart } from '../kernel/facts';
import type { Scope } from '../kernel/scope';
import { LotModel, lotScope } from '../lots';
import { OrganizationModel } from '../town';
import { DeliveryModel } from '../trade';
import { IntakeTicketModel, RunModel, TicketPhotoModel, runFilter, ticketFilter } from './schema';
import { shanghaiDayOf } from '~/domain/time';

export const PLANT_PAGE_SIZE = 50;

/** Names of organizations by id, for a list's columns. */
export async function orgNames(ids: Array<Types.ObjectId | string | null | undefined>) {
  const list = [...new Set(ids.filter(Boolean).map(String))].map((id) => new Types.ObjectId(id));
  const docs = list.length
    ? await OrganizationModel.find({ _id: { $in: list } })
        .select('name')
        .lean()
    : [];
  return Object.fromEntries(docs.map((d) => [String(d._id), d.name])) as Record<string, string>;
}

/** A page of weigh tickets in scope, newest first; of a month or a year (Shanghai) when asked. */
export async function listTickets(
  scope: Scope,
  {
    page = 1,
    limit = PLANT_PAGE_SIZE,
    from,
    to,
  }: { page?: number; limit?: number; from?: Date; to?: Date } = {},
) {
  const docs = await IntakeTicketModel.find({
    ...ticketFilter(scope),
    ...((from || to) && { weighedAt: { ...(from && { $gte: from }), ...(to && { $lt: to }) } }),
  })
    .sort({ weighedAt: -1, _id: -1 })
    .skip((page - 1) * limit)
    .limit(limit + 1)
    .select(
      'number weighedAt kind deliveryCode plantOrgId supplierOrgId ownerOrgId productName recordedKg netKg payableKg shrinkageKg feeFen intakeLotCode',
    )
    .lean();
  const rows = docs.slice(0, limit).map(toPlain);
  const names = await orgNames(
    rows.flatMap((r) => [r.plantOrgId, r.supplierOrgId, r.ownerOrgId].map((v) => new Types.ObjectId(v))),
  );
  return { tickets: rows, names, hasMore: docs.length > limit };
}

export async function getTicket(scope: Scope, id: Types.ObjectId) {
  const doc = await IntakeTicketModel.findOne({ _id: id, ...ticketFilter(scope) }).lean();
  if (!doc) return null;
  const names = await orgNames([doc.plantOrgId, doc.supplierOrgId, doc.ownerOrgId]);
  return { ticket: toPlain(doc), names };
}

/** The plant's ticket of a delivery, for both sides of it (null when none yet). */
export async function ticketOfDelivery(scope: Scope, deliveryId: Types.ObjectId) {
  const doc = await IntakeTicketModel.findOne({ deliveryId, ...ticketFilter(scope) })
    .select(
      'number weighedAt plantOrgId netKg grossKg tareKg moisturePct impurityPct grade deductions deductedKg payableKg recordedKg shrinkageKg photoId',
    )
    .lean();
  if (!doc) return null;
  const names = await orgNames([doc.plantOrgId]);
  return { ...toPlain(doc), plantName: names[String(doc.plantOrgId)] ?? '' };
}

export async function ticketPhoto(scope: Scope, id: Types.ObjectId) {
  const ticket = await IntakeTicketModel.findOne({ _id: id, ...ticketFilter(scope) })
    .select('photoId')
    .lean();
  if (!ticket?.photoId) return null;
  const photo = await TicketPhotoModel.findById(ticket.photoId).lean<{
    contentType: string;
    data: unknown;
  }>();
  if (!photo) return null;
  // lean documents hold binary data as BSON Binary (its bytes under `buffer`)
  const raw = photo.data as Buffer | { buffer: Uint8Array };
  return {
    contentType: photo.contentType,
    bytes: new Uint8Array(Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer)),
  };
}

const ARRIVING: Array<'pending' | 'adjusted' | 'confirmed'> = ['pending', 'adjusted', 'confirmed'];

/** Deliveries sent to this plant and not yet weighed in, oldest first: what the gate expects. */
export async function arrivingDeliveries(scope: Scope, { limit = 100 } = {}) {
  const docs = await DeliveryModel.find({
    plantOrgId: scope.orgId,
    townId: scope.townId,
    status: { $in: ARRIVING },
  })
    .sort({ deliveredOn: -1 })
    .limit(limit * 2)
    .select('code sellerOrgId buyerOrgId productName deliveredOn weighTicket lines submitted.quantity status')
    .lean();
  const weighed = new Set(
    (
      await IntakeTicketModel.find({ deliveryId: { $in: docs.map((d) => d._id) } })
        .select('deliveryId')
        .lean()
    ).map((t) => String(t.deliveryId)),
  );
  const open = docs.filter((d) => !weighed.has(String(d._id))).slice(0, limit);
  const names = await orgNames(open.map((d) => d.sellerOrgId));
  return open.map((d) => ({
    id: String(d._id),
    code: d.code,
    seller: names[String(d.sellerOrgId)] ?? '',
    productName: d.productName,
    deliveredOn: d.deliveredOn,
    weighTicket: d.weighTicket,
    quantity: d.submitted.quantity,
    lotCodes: d.lines.map((l) => l.lotCode),
  }));
}

/** A page of runs in scope: open ones first (oldest first), then closed ones newest first. */
export async function listRuns(
  scope: Scope,
  {
    status,
    page = 1,
    limit = PLANT_PAGE_SIZE,
  }: { status?: 'open' | 'closed'; page?: number; limit?: number } = {},
) {
  const docs = await RunModel.find({ ...runFilter(scope), ...(status && { status }) })
    .sort(status === 'open' ? { openedAt: 1 } : { openedAt: -1 })
    .skip((page - 1) * limit)
    .limit(limit + 1)
    .select(
      'number plantOrgId ownerOrgId toll status openedAt closedAt inputKg outputs yieldPct flagged flagCheck.at',
    )
    .lean();
  const rows = docs.slice(0, limit).map(toPlain);
  const names = await orgNames(
    rows.flatMap((r) => [new Types.ObjectId(r.plantOrgId), new Types.ObjectId(r.ownerOrgId)]),
  );
  return { runs: rows, names, hasMore: docs.length > limit };
}

/** One run, with each input's lot as it stands: what it held, what was drawn, what is left. */
export async function getRun(scope: Scope, id: Types.ObjectId) {
  const doc = await RunModel.findOne({ _id: id, ...runFilter(scope) }).lean();
  if (!doc) return null;
  const fromIds = doc.inputs.map((i) => i.fromLotId);
  const rests = await LotModel.find({
    parentLotIds: { $in: fromIds },
    status: 'in_stock',
    'origin.kind': 'split',
  })
    .select('code quantity parentLotIds')
    .lean();
  const froms = await LotModel.find({ _id: { $in: fromIds } })
    .select('code quantity')
    .lean();
  const balance = doc.inputs.map((i) => {
    const from = froms.find((f) => f._id.equals(i.fromLotId));
    const rest = i.lotId.equals(i.fromLotId)
      ? null
      : rests.find((r) => r.parentLotIds[0]?.equals(i.fromLotId));
    return {
      code: i.fromLotCode,
      heldKg: from?.quantity ?? i.kg,
      drawnKg: i.kg,
      restKg: rest?.quantity ?? 0,
      restCode: rest?.code ?? null,
    };
  });
  const names = await orgNames([doc.plantOrgId, doc.ownerOrgId]);
  return { run: toPlain(doc), balance, names };
}

/** Flagged runs of the town not yet checked (officials), oldest first. */
export async function flaggedRuns(scope: Scope, { limit = 100 } = {}) {
  const docs = await RunModel.find({ townId: scope.townId, flagged: true, flagCheck: null, status: 'closed' })
    .sort({ closedAt: 1 })
    .limit(limit)
    .select('number plantOrgId yieldPct band inputKg closedAt')
    .lean();
  return docs.map(toPlain);
}

/**
 * What a plant holds in stock, by product: lots, kg and the oldest lot's day. An owner's goods
 * held by plants are counted for the owner too (九天's starch at its plant).
 */
export async function stockByProduct(scope: Scope, { holder }: { holder?: Types.ObjectId } = {}) {
  const match = holder
    ? { holderOrgId: holder, status: 'in_stock' }
    : { ...lotScope(scope), status: 'in_stock', unit: 'kg' };
  const rows = await LotModel.aggregate<{
    _id: { productId: Types.ObjectId; productName: string };
    lots: number;
    kg: number;
    oldest: Date;
  }>([
    { $match: { ...match, staged: { $ne: true } } },
    {
      $group: {
        _id: { productId: '$productId', productName: '$productName' },
        lots: { $sum: 1 },
        kg: { $sum: '$quantity' },
        oldest: { $min: '$producedAt' },
      },
    },
    { $sort: { kg: -1 } },
  ]);
  return rows.map((r) => ({
    productId: String(r._id.productId),
    productName: r._id.productName,
    lots: r.lots,
    kg: Math.round(r.kg * 10) / 10,
    oldest: r.oldest,
  }));
}

/** The plant's home: today's tickets, what is arriving, open runs with their age, stock, the season's yield. */
export async function plantHome(scope: Scope, now = new Date()) {
  const today = shanghaiDayOf(now);
  const yearStart = shanghaiDayOf(new Date(`${today.toISOString().slice(0, 4)}-01-01T00:00:00+08:00`));
  const [todays, arriving, open, stock, season] = await Promise.all([
    IntakeTicketModel.aggregate<{ tickets: number; kg: number }>([
      { $match: { plantOrgId: scope.orgId, status: 'recorded', weighedAt: { $gte: today } } },
      { $group: { _id: null, tickets: { $sum: 1 }, kg: { $sum: '$netKg' } } },
    ]),
    arrivingDeliveries(scope, { limit: 20 }),
    RunModel.find({ plantOrgId: scope.orgId, status: 'open' })
      .sort({ openedAt: 1 })
      .limit(20)
      .select('number openedAt inputKg')
      .lean(),
    stockByProduct(scope, { holder: scope.orgId! }),
    RunModel.aggregate<{ inputKg: number; mainKg: number; runs: number }>([
      { $match: { plantOrgId: scope.orgId, status: 'closed', closedAt: { $gte: yearStart } } },
      {
        $project: {
          inputKg: 1,
          main: { $filter: { input: '$outputs', cond: { $eq: ['$$this.role', 'main'] } } },
        },
      },
      {
        $group: {
          _id: null,
          runs: { $sum: 1 },
          inputKg: { $sum: '$inputKg' },
          mainKg: { $sum: { $sum: '$main.kg' } },
        },
      },
    ]),
  ]);
  return {
    today: { tickets: todays[0]?.tickets ?? 0, kg: Math.round((todays[0]?.kg ?? 0) * 10) / 10 },
    arriving,
    openRuns: open.map((r) => ({
      id: String(r._id),
      number: r.number,
      openedAt: r.openedAt,
      inputKg: r.inputKg,
    })),
    stock,
    season: {
      runs: season[0]?.runs ?? 0,
      inputKg: Math.round((season[0]?.inputKg ?? 0) * 10) / 10,
      mainKg: Math.round((season[0]?.mainKg ?? 0) * 10) / 10,
    },
  };
}

/** The lots a run may draw on: those the plant holds in stock, oldest first. */
export async function drawableLots(scope: Scope, { limit = 200 } = {}) {
  const docs = await LotModel.find({
    holderOrgId: scope.orgId,
    status: 'in_stock',
    unit: 'kg',
    staged: { $ne: true },
  })
    .sort({ producedAt: 1 })
    .limit(limit)
    .select('code productName quantity producedAt ownerOrgId')
    .lean();
  return docs.map(toPlain);
}

/** The products a run may make (kg products of the town, processed first). */
export async function runProducts(townId: Types.ObjectId) {
  const { ProductModel } = await import('../town');
  const docs = await ProductModel.find({ townId, unit: 'kg', archivedAt: null })
    .select('name nameEn category runYieldPct')
    .lean();
  return docs
    .map((d) => ({
      id: String(d._id),
      name: d.name,
      nameEn: d.nameEn,
      category: d.category,
      band: d.runYieldPct,
    }))
    .sort((a, b) => (a.category === 'processed' ? 0 : 1) - (b.category === 'processed' ? 0 : 1));
}

/** The id of a delivery sent to this plant, by its code (the weighbridge names deliveries by code). */
export async function arrivingDeliveryId(scope: Scope, code: string) {
  const d = await DeliveryModel.findOne({ code, plantOrgId: scope.orgId, townId: scope.townId })
    .select('_id')
    .lean();
  return d ? String(d._id) : null;
}

/** The instants a month (1–12) or a whole year of tickets spans, in Shanghai. */
export function ticketPeriod(year: number, month?: number) {
  return month
    ? { from: monthStart(year, month), to: monthStart(year, month + 1) }
    : { from: monthStart(year, 1), to: monthStart(year + 1, 1) };
}
