// A new shipment (新建运输单): the carrier names the lots it loads (typed or scanned; "CODE 500"
// takes part of one, which splits), the truck, the ends, the consignee and the profile to keep.
// Lots in stock are reserved for it (`shipped`) and move to the consignee when it confirms
// receipt; lots travelling under a delivery are only carried (the delivery moves them). One
// operation: the shipment (hidden while `creating`), the lots reserved, the split lots made.
import { Types } from 'mongoose';
import { defineCommand, msg, refuse, type Refusal } from '../../kernel/command';
import type { Actor } from '../../kernel/audit';
import {
  clearHold,
  defineOperation,
  insertOnce,
  perform,
  writeAudit,
  written,
  type Outcome,
  type PlannedAudit,
} from '../../kernel/operation';
import type { Scope } from '../../kernel/scope';
import { auditEvent } from '../../kernel/write';
import {
  LotModel,
  planSplit,
  releaseLots,
  reservationOf,
  reserveLots,
  reserveNumber,
  type Lot,
  type LotReservation,
} from '../../lots';
import { OrganizationModel, ProductModel, TownModel } from '../../town';
import { DeliveryModel } from '../../trade';
import { compactShanghaiDate } from '~/domain/time';
import { ShipmentCommandSchema, type ShipmentFormInput } from '~/schemas/coldchain';
import { emptySummary, ShipmentModel, type ShipmentLine, type ShipmentStatus } from '../schema';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };
type LotDoc = Lot & { _id: Types.ObjectId };

interface CreatePlan {
  shipment: Doc;
  lots: LotReservation[];
  made: Doc[];
  audits: PlannedAudit[];
}

const createOperation = defineOperation<CreatePlan>({
  name: 'coldchain:create',
  async hold(op) {
    await ShipmentModel.collection.insertOne(op.plan.shipment as never);
    written();
    if (!(await reserveLots(op.plan.lots, op._id))) return refuse('conflict', 'shipment.lotMoved');
    return null;
  },
  async release(op) {
    await releaseLots(op.plan.lots, op._id);
    await ShipmentModel.collection.deleteOne({ _id: op.plan.shipment._id, status: 'creating' });
    written();
  },
  async apply(op) {
    await insertOnce(LotModel as never, op.plan.made);
    await ShipmentModel.updateOne(
      { _id: op.plan.shipment._id, status: 'creating' },
      { $set: { status: 'planned' } },
    );
    written();
    await writeAudit(op.plan.audits);
  },
  async finish(op) {
    await clearHold(LotModel, { _id: { $in: op.plan.lots.map((l) => l.lotId) } } as never, op._id);
  },
});

const ACTIVE: ShipmentStatus[] = ['creating', 'planned', 'in_transit', 'arrived'];

/** The carrier of the caller. */
const carrierOf = (scope: Scope) =>
  OrganizationModel.findOne({ _id: scope.orgId, townId: scope.townId, type: 'carrier', archivedAt: null })
    .select('name')
    .lean();

async function placeOf(scope: Scope, orgId: string | undefined, address: string) {
  if (!orgId) return { orgId: null, name: address };
  const org = await OrganizationModel.findOne({ _id: orgId, townId: scope.townId, archivedAt: null })
    .select('name')
    .lean();
  return org ? { orgId: org._id, name: address ? `${org.name} · ${address}` : org.name } : null;
}

/** The lots named, as they stand: in stock with their holder, or travelling under a delivery. */
async function lotsOf(
  scope: Scope,
  input: ShipmentFormInput,
): Promise<Refusal | Array<{ lot: LotDoc; qty: number }>> {
  const codes = input.lotCodes.map((l) => l.code);
  if (new Set(codes).size !== codes.length) return refuse('invalid', { lotCodes: ['shipment.lotTwice'] });
  const found = (await LotModel.find({
    code: { $in: codes },
    townId: scope.townId,
    staged: { $ne: true },
  }).lean()) as LotDoc[];
  const byCode = new Map(found.map((l) => [l.code, l]));
  const taken: Array<{ lot: LotDoc; qty: number }> = [];
  for (const line of input.lotCodes) {
    const lot = byCode.get(line.code);
    if (!lot) return refuse('invalid', { lotCodes: [msg('shipment.lotUnknown', { code: line.code })] });
    if (lot.status !== 'in_stock' && lot.status !== 'delivering')
      return refuse('invalid', { lotCodes: [msg('shipment.lotNotAvailable', { code: lot.code })] });
    if (line.kg !== undefined && lot.status === 'delivering')
      return refuse('invalid', { lotCodes: [msg('shipment.lotWhole', { code: lot.code })] });
    const qty = line.kg ?? lot.quantity;
    if (qty > lot.quantity + 1e-9)
      return refuse('invalid', {
        lotCodes: [msg('shipment.lotTooMuch', { code: lot.code, qty: lot.quantity })],
      });
    taken.push({ lot, qty });
  }
  const holders = new Set(taken.map((t) => String(t.lot.holderOrgId)));
  if (holders.size > 1) return refuse('invalid', { lotCodes: ['shipment.oneSender'] });
  const onShipment = await ShipmentModel.findOne({
    'lines.lotId': { $in: taken.map((t) => t.lot._id) },
    status: { $in: ACTIVE },
  })
    .select('code lines.lotId lines.lotCode')
    .lean();
  if (onShipment) {
    const ids = new Set(taken.map((t) => String(t.lot._id)));
    const line = onShipment.lines.find((l) => ids.has(String(l.lotId)));
    return refuse('conflict', {
      lotCodes: [msg('shipment.lotOnShipment', { code: line?.lotCode, shipment: onShipment.code })],
    });
  }
  return taken;
}

export async function createShipment(
  scope: Scope,
  input: ShipmentFormInput,
  actor: Actor,
): Promise<Outcome<{ id: Types.ObjectId; code: string }>> {
  return perform(createOperation, { once: actor.once, input }, async () => {
    const carrier = await carrierOf(scope);
    if (!carrier) return refuse('forbidden', 'shipment.notACarrier');
    const taken = await lotsOf(scope, input);
    if (!Array.isArray(taken)) return taken;
    const consignee = await OrganizationModel.findOne({
      _id: input.consigneeOrgId,
      townId: scope.townId,
      type: { $in: ['enterprise', 'plant'] },
      archivedAt: null,
    })
      .select('name')
      .lean();
    if (!consignee) return refuse('invalid', { consigneeOrgId: ['shipment.consigneeUnknown'] });
    const origin = await placeOf(scope, input.originOrgId, input.originAddress);
    const destination = await placeOf(scope, input.destinationOrgId, input.destinationAddress);
    if (!origin) return refuse('invalid', { originOrgId: ['v.invalidChoice'] });
    if (!destination) return refuse('invalid', { destinationOrgId: ['v.invalidChoice'] });
    const productId = input.productId ? new Types.ObjectId(input.productId) : taken[0]!.lot.productId;
    const product = await ProductModel.findOne({ _id: productId, townId: scope.townId }).lean();
    if (!product) return refuse('invalid', { productId: ['v.invalidChoice'] });
    const cold = product.coldChain;
    if (cold.minC === null && cold.maxC === null)
      return refuse('invalid', { productId: [msg('shipment.noProfile', { product: product.name })] });
    const town = await TownModel.findById(scope.townId).select('code').lean();
    const sender = taken[0]!.lot.holderOrgId;
    const made: Doc[] = [];
    const lines: ShipmentLine[] = [];
    const reservations: LotReservation[] = [];
    for (const { lot, qty } of taken) {
      const base = {
        productId: lot.productId,
        productName: lot.productName,
        quantity: qty,
        unit: lot.unit,
        fromLotId: lot._id,
        fromLotCode: lot.code,
      };
      if (lot.status === 'delivering') {
        lines.push({ ...base, lotId: lot._id, lotCode: lot.code, underDelivery: true });
        continue;
      }
      const reservation = reservationOf(lot, qty, 'shipped');
      reservations.push(reservation);
      if (reservation.status !== 'split') {
        lines.push({ ...base, lotId: lot._id, lotCode: lot.code, underDelivery: false });
        continue;
      }
      const { taken: part, rest } = await planSplit(town!.code, lot, qty, 'shipped');
      made.push(part, rest);
      lines.push({ ...base, lotId: part._id, lotCode: String(part.code), underDelivery: false });
    }
    const deliveryIds = await deliveriesOf(lines.filter((l) => l.underDelivery).map((l) => l.lotId));
    // LFT-YS-20261108-003: the town, 运输 (YS), the planned day, its number that day
    const prefix = `${town!.code}-YS-${compactShanghaiDate(input.plannedDepartureAt)}`;
    const code = (await reserveNumber(`SH/${prefix}`, 3)).slice(3);
    const now = new Date();
    const shipment: Doc = {
      _id: new Types.ObjectId(),
      townId: scope.townId,
      carrierOrgId: scope.orgId,
      code,
      status: 'creating',
      senderOrgId: sender,
      consigneeOrgId: consignee._id,
      productId: product._id,
      productName: product.name,
      profile: {
        name: product.name,
        minC: cold.minC,
        maxC: cold.maxC,
        toleranceMinutes: cold.toleranceMinutes ?? 30,
        budgetMinutes: cold.budgetMinutes ?? null,
        intervalMinutes: cold.intervalMinutes ?? 10,
      },
      lines,
      vehiclePlate: input.vehiclePlate,
      driverName: input.driverName,
      driverPhone: input.driverPhone,
      origin,
      destination,
      plannedDepartureAt: input.plannedDepartureAt,
      plannedArrivalAt: input.plannedArrivalAt ?? null,
      departedAt: null,
      arrivedAt: null,
      loading: null,
      unloading: null,
      receivedAt: null,
      receivedByName: '',
      rejectionReason: '',
      deliveryIds,
      notes: input.notes,
      summary: emptySummary(),
      judgeDue: null,
      judgedAt: null,
      holds: [],
      createdAt: now,
      updatedAt: now,
      __v: 0,
    };
    const audits = [
      auditEvent('Shipment', 'create', actor, null, { ...shipment, status: 'planned' }, code)!,
      ...made.map((c) => auditEvent('Lot', 'create', actor, null, c, String(c.code))!),
    ];
    return {
      ok: true,
      plan: { shipment, lots: reservations, made, audits },
      value: { id: shipment._id, code },
    };
  });
}

/** The deliveries the lots travel under (the enterprise sees the cold chain beside each). */
async function deliveriesOf(lotIds: Types.ObjectId[]) {
  if (!lotIds.length) return [];
  const docs = await DeliveryModel.find({ 'lines.lotId': { $in: lotIds } })
    .select('_id')
    .lean();
  return docs.map((d) => d._id);
}

export const createShipmentCommand = defineCommand({
  name: 'shipment/create',
  permission: ['write', 'shipment'],
  input: ShipmentCommandSchema,
  run: (input, { scope, actor }) => createShipment(scope, input, actor),
});
