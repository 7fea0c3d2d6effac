// The cold chain's queries: shipment lists, one shipment judged with its chart, stores, alerts.
import { Types } from 'mongoose';
import { readFacts } from '../kernel/facts';
import type { Scope } from '../kernel/scope';
import { OutboxMessageModel } from '../outbox';
import { coldShipmentsFact } from './facts';
import { OrganizationModel, ProductModel } from '../town';
import { downsample, judge } from '~/domain/cold-chain';
import { readingsOf } from './readings';
import {
  AlertModel,
  ColdStoreModel,
  ReadingBatchModel,
  ShipmentModel,
  StoreMoveModel,
  shipmentFilter,
  type ShipmentDoc,
  type ShipmentStatus,
} from './schema';

const PAGE = 50;

export async function listShipments(
  scope: Scope,
  { status, before }: { status?: ShipmentStatus; before?: Date } = {},
) {
  const docs = await ShipmentModel.find({
    ...shipmentFilter(scope),
    ...(status && { status }),
    ...(before && { plannedDepartureAt: { $lt: before } }),
  })
    .sort({ plannedDepartureAt: -1, _id: -1 })
    .limit(PAGE + 1)
    .select(
      'code status productName vehiclePlate consigneeOrgId carrierOrgId plannedDepartureAt departedAt arrivedAt summary destination',
    )
    .lean();
  const names = await orgNames(docs.flatMap((d) => [d.consigneeOrgId, d.carrierOrgId]));
  return {
    more: docs.length > PAGE,
    rows: docs.slice(0, PAGE).map((d) => ({
      id: String(d._id),
      code: d.code,
      status: d.status,
      productName: d.productName,
      vehiclePlate: d.vehiclePlate,
      consignee: names.get(String(d.consigneeOrgId)) ?? '',
      carrier: names.get(String(d.carrierOrgId)) ?? '',
      destination: d.destination?.name ?? '',
      plannedDepartureAt: d.plannedDepartureAt,
      departedAt: d.departedAt,
      arrivedAt: d.arrivedAt,
      summary: d.summary,
    })),
  };
}

async function orgNames(ids: Array<Types.ObjectId | null | undefined>) {
  const unique = [...new Set(ids.filter(Boolean).map(String))].map((id) => new Types.ObjectId(id));
  const orgs = await OrganizationModel.find({ _id: { $in: unique } })
    .select('name')
    .lean();
  return new Map(orgs.map((o) => [String(o._id), o.name]));
}

/** One shipment as its page shows it: the record, the judgment of its readings, the chart. */
export async function getShipment(scope: Scope, code: string) {
  const doc = (await ShipmentModel.findOne({ code, ...shipmentFilter(scope) }).lean()) as ShipmentDoc | null;
  if (!doc) return null;
  const readings = await readingsOf(doc._id);
  const judgment = judge(readings, doc.profile, { from: doc.departedAt, to: doc.arrivedAt });
  const names = await orgNames([doc.carrierOrgId, doc.consigneeOrgId, doc.senderOrgId]);
  const alerts = await AlertModel.find({ subjectId: doc._id }).sort({ at: 1 }).limit(100).lean();
  const uploads = await ReadingBatchModel.find({ subjectId: doc._id, source: 'file' })
    .sort({ createdAt: -1 })
    .limit(20)
    .select('fileName byName received stored duplicate refused createdAt')
    .lean();
  return {
    shipment: {
      ...doc,
      id: String(doc._id),
      carrier: names.get(String(doc.carrierOrgId)) ?? '',
      consignee: names.get(String(doc.consigneeOrgId)) ?? '',
      sender: names.get(String(doc.senderOrgId)) ?? '',
    },
    judgment,
    chart: downsample(readings, 600).map((r) => ({ at: r.at.getTime(), tempC: r.tempC })),
    table: readings.length <= 300 ? readings : downsample(readings, 300),
    readingsTotal: readings.length,
    alerts: alerts.map((a) => ({
      id: String(a._id),
      kind: a.kind,
      at: a.at,
      direction: a.direction,
      peakC: a.peakC,
      minutes: a.minutes,
    })),
    uploads: uploads.map((u) => ({
      id: String(u._id),
      fileName: u.fileName,
      byName: u.byName,
      received: u.received,
      stored: u.stored,
      duplicate: u.duplicate,
      refused: u.refused.length,
      createdAt: u.createdAt,
    })),
  };
}

/** The cold-chain record beside a delivery: the shipments that carried its lots. */
export async function shipmentsOfDelivery(scope: Scope, deliveryId: Types.ObjectId) {
  const docs = await ShipmentModel.find({ deliveryIds: deliveryId, ...shipmentFilter(scope) })
    .select('code status vehiclePlate summary profile departedAt arrivedAt')
    .limit(5)
    .lean();
  return docs.map((d) => ({
    code: d.code,
    status: d.status,
    vehiclePlate: d.vehiclePlate,
    summary: d.summary,
    band: { minC: d.profile.minC, maxC: d.profile.maxC },
  }));
}

// ---------------------------------------------------------------- alerts

const alertFilter = (scope: Scope) =>
  scope.access === 'own' ? { orgIds: scope.orgId } : scope.access === 'town' ? { townId: scope.townId } : {};

export async function listAlerts(scope: Scope) {
  const docs = await AlertModel.find(alertFilter(scope)).sort({ at: -1, _id: -1 }).limit(200).lean();
  return docs.map((a) => ({
    id: String(a._id),
    kind: a.kind,
    subjectKind: a.subjectKind,
    subjectCode: a.subjectCode,
    productName: a.productName,
    at: a.at,
    direction: a.direction,
    startAt: a.startAt,
    endAt: a.endAt,
    minutes: a.minutes,
    peakC: a.peakC,
    band: a.band,
    seen: scope.orgId ? a.seenBy.some((o) => o.equals(scope.orgId!)) : true,
  }));
}

/** Alerts the organization has not looked at (the count in the menu). */
export const countUnseenAlerts = (scope: Scope) =>
  scope.orgId
    ? AlertModel.countDocuments({ ...alertFilter(scope), seenBy: { $ne: scope.orgId } })
    : Promise.resolve(0);

export async function markAlertsSeen(scope: Scope) {
  if (!scope.orgId) return 0;
  const res = await AlertModel.updateMany(
    { ...alertFilter(scope), seenBy: { $ne: scope.orgId } },
    { $addToSet: { seenBy: scope.orgId } },
  );
  return res.modifiedCount;
}

// ---------------------------------------------------------------- stores

export async function listStores(scope: Scope) {
  const docs = await ColdStoreModel.find({
    townId: scope.townId,
    archivedAt: null,
    ...(scope.access === 'own' && { orgId: scope.orgId }),
  })
    .sort({ code: 1 })
    .lean();
  return docs.map((d) => ({
    id: String(d._id),
    code: d.code,
    name: d.name,
    profile: d.profile,
    summary: d.summary,
  }));
}

/** What the new-shipment form offers: consignees, the town's places, the products with a profile. */
export async function shipmentFormChoices(townId: Types.ObjectId) {
  const orgs = await OrganizationModel.find({
    townId,
    archivedAt: null,
    type: { $in: ['cooperative', 'enterprise', 'plant', 'base', 'carrier'] },
  })
    .select('name type')
    .sort({ type: 1, name: 1 })
    .lean();
  const products = await ProductModel.find({ townId, archivedAt: null })
    .select('name coldChain')
    .sort({ code: 1 })
    .lean();
  return {
    consignees: orgs
      .filter((o) => o.type === 'enterprise' || o.type === 'plant')
      .map((o) => ({ value: String(o._id), label: o.name })),
    places: orgs.map((o) => ({ value: String(o._id), label: o.name })),
    products: products
      .filter((p) => p.coldChain.minC !== null || p.coldChain.maxC !== null)
      .map((p) => ({ value: String(p._id), label: p.name, minC: p.coldChain.minC, maxC: p.coldChain.maxC })),
  };
}

/** One store as its page shows it: the record, the judgment of its readings, the chart, its lots. */
export async function getStore(scope: Scope, code: string) {
  const doc = await ColdStoreModel.findOne({
    townId: scope.townId,
    code,
    archivedAt: null,
    ...(scope.access === 'own' && { orgId: scope.orgId }),
  }).lean();
  if (!doc) return null;
  const readings = await readingsOf(doc._id);
  const judgment = judge(readings, doc.profile);
  const names = await orgNames([doc.orgId]);
  const lots = await StoreMoveModel.find({ storeId: doc._id }).sort({ outAt: 1, inAt: -1 }).limit(200).lean();
  return {
    store: { ...doc, id: String(doc._id), keeper: names.get(String(doc.orgId)) ?? '' },
    judgment,
    chart: downsample(readings, 600).map((r) => ({ at: r.at.getTime(), tempC: r.tempC })),
    table: readings.length <= 300 ? readings : downsample(readings, 300),
    readingsTotal: readings.length,
    lots: lots.map((l) => ({
      lotId: l.lotId,
      code: l.lotCode,
      productName: l.productName,
      quantity: l.quantity,
      unit: l.unit,
      inAt: l.inAt,
      outAt: l.outAt,
    })),
  };
}

/**
 * The cold chain on a home page: a carrier's shipments in transit with their latest reading and
 * open excursions; a consignee's shipments on their way or arrived and awaiting its receipt.
 */
export async function coldHome(scope: Scope, role: 'carrier' | 'consignee') {
  const filter =
    role === 'carrier'
      ? {
          carrierOrgId: scope.orgId,
          status: { $in: ['planned', 'in_transit', 'arrived'] as ShipmentStatus[] },
        }
      : { consigneeOrgId: scope.orgId, status: { $in: ['in_transit', 'arrived'] as ShipmentStatus[] } };
  const docs = await ShipmentModel.find({ townId: scope.townId, ...filter })
    .sort({ plannedDepartureAt: -1, _id: -1 })
    .limit(20)
    .select('code status productName vehiclePlate consigneeOrgId plannedArrivalAt summary')
    .lean();
  const names = await orgNames(docs.map((d) => d.consigneeOrgId));
  return docs.map((d) => ({
    code: d.code,
    status: d.status,
    productName: d.productName,
    vehiclePlate: d.vehiclePlate,
    consignee: names.get(String(d.consigneeOrgId)) ?? '',
    plannedArrivalAt: d.plannedArrivalAt,
    lastTempC: d.summary.lastTempC,
    lastAt: d.summary.lastAt,
    openExcursion: d.summary.openExcursion,
    excursions: d.summary.excursions,
  }));
}

/**
 * The cold chain for officials: the year's finished trips by month and product (from the facts),
 * the compliance share (trips kept in band throughout ÷ trips), and — read live, both small —
 * the shipments out of range now and the town's messages that failed.
 */
export async function coldFigures(townId: Types.ObjectId, year: number) {
  const [facts, open, failed] = await Promise.all([
    readFacts(townId, coldShipmentsFact, [year]),
    ShipmentModel.find({
      townId,
      status: { $in: ['in_transit', 'arrived'] as ShipmentStatus[] },
      'summary.openExcursion': true,
    })
      .select('code productName vehiclePlate carrierOrgId summary')
      .limit(100)
      .lean(),
    OutboxMessageModel.find({ townId, state: 'failed' }).sort({ _id: -1 }).limit(100).lean(),
  ]);
  const months = facts
    .flatMap((f) =>
      f.rows.map((r) => ({
        month: Number(f.part),
        ...r,
        share: r.shipments ? Math.round((r.kept / r.shipments) * 1000) / 10 : null,
      })),
    )
    .sort((a, b) => a.month - b.month || a.productId.localeCompare(b.productId));
  const total = months.reduce((s, m) => s + m.shipments, 0);
  const kept = months.reduce((s, m) => s + m.kept, 0);
  return {
    months,
    share: total ? Math.round((kept / total) * 1000) / 10 : null,
    shipments: total,
    open: open.map((s) => ({
      code: s.code,
      productName: s.productName,
      vehiclePlate: s.vehiclePlate,
      lastTempC: s.summary.lastTempC,
      lastAt: s.summary.lastAt,
    })),
    failed: failed.map((m) => ({
      id: String(m._id),
      title: m.payload.title,
      code: m.lastError?.code ?? '',
      message: m.lastError?.message ?? '',
      at: m.lastError?.at ?? m.createdAt,
    })),
  };
}
