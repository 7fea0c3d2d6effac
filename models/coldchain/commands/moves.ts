// A shipment moving on: loaded and gone (the loading handover), arrived (the unloading
// handover), then received by the consignee — who sees the compliance summary first — or
// refused at arrival with a reason, when the lots go back to the sender as holder. Each is one
// operation: the status claimed once (a second tap or a race gets a conflict), then the lots,
// the audit event and the handover's reading.
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, refuse } from '../../kernel/command';
import type { Actor } from '../../kernel/audit';
import {
  clearHold,
  defineOperation,
  perform,
  writeAudit,
  written,
  type PlannedAudit,
} from '../../kernel/operation';
import type { Scope } from '../../kernel/scope';
import { auditEvent } from '../../kernel/write';
import { touchRecords } from '../../kernel/facts';
import { LotModel } from '../../lots';
import { objectId } from '~/schemas/common';
import { HandoverCommandSchema, ReceiveSchema, type HandoverInput } from '~/schemas/coldchain';
import { storeReadings } from '../readings';
import { ShipmentModel, shipmentFilter, type ShipmentDoc, type ShipmentStatus } from '../schema';

interface MovePlan {
  shipmentId: Types.ObjectId;
  townId: Types.ObjectId;
  from: ShipmentStatus[];
  set: Record<string, unknown>;
  /** the lots carried that the shipment itself moves (not those under a delivery) */
  lots: { ids: Types.ObjectId[]; set: Record<string, unknown> } | null;
  reading: { at: Date; tempC: number; humidity: number | null } | null;
  audit: PlannedAudit | null;
}

const moveOperation = defineOperation<MovePlan>({
  name: 'coldchain:move',
  async hold(op) {
    const p = op.plan;
    const res = await ShipmentModel.updateOne(
      { _id: p.shipmentId, status: { $in: p.from }, 'holds.op': { $ne: op._id } },
      { $set: p.set, $push: { holds: { op: op._id, amount: 0 } } },
    );
    written();
    return res.modifiedCount === 1 ? null : refuse('conflict', 'shipment.moved');
  },
  async release() {
    // the claim is the one write hold makes: when it failed, nothing was written
  },
  async apply(op) {
    const p = op.plan;
    if (p.lots) {
      await LotModel.updateMany({ _id: { $in: p.lots.ids }, status: 'shipped' }, { $set: p.lots.set });
      written();
    }
    if (p.reading)
      await storeReadings([p.reading], {
        subject: { kind: 'shipment', id: p.shipmentId, townId: p.townId },
        device: `form:${String(p.shipmentId)}`,
        source: 'form',
      });
    // the window of the trip changed: judged again
    await ShipmentModel.updateOne({ _id: p.shipmentId }, { $set: { judgeDue: new Date() } });
    const after = await ShipmentModel.findById(p.shipmentId).select('townId status arrivedAt summary').lean();
    await touchRecords('Shipment', after);
    if (p.audit) await writeAudit([p.audit]);
  },
  async finish(op) {
    await clearHold(ShipmentModel, { _id: op.plan.shipmentId } as never, op._id);
  },
});

async function shipmentFor(scope: Scope, id: Types.ObjectId, side: 'carrier' | 'consignee') {
  return ShipmentModel.findOne({
    _id: id,
    ...shipmentFilter(scope),
    ...(scope.access === 'own' && { [side === 'carrier' ? 'carrierOrgId' : 'consigneeOrgId']: scope.orgId }),
  }).lean() as Promise<ShipmentDoc | null>;
}

function moveOf(
  doc: ShipmentDoc,
  actor: Actor,
  from: ShipmentStatus[],
  set: Record<string, unknown>,
  extra: Pick<MovePlan, 'lots' | 'reading'>,
) {
  const before = { _id: doc._id, townId: doc.townId, status: doc.status };
  const after = { ...before, ...set };
  return {
    shipmentId: doc._id,
    townId: doc.townId,
    from,
    set,
    ...extra,
    audit: auditEvent('Shipment', 'update', actor, before as never, after as never, doc.code),
  };
}

const handover = (h: HandoverInput) => ({
  at: h.at,
  handedBy: h.handedBy,
  receivedBy: h.receivedBy,
  tempC: h.tempC ?? null,
});
const readingOf = (h: HandoverInput) =>
  h.tempC === undefined ? null : { at: h.at, tempC: h.tempC, humidity: h.humidity ?? null };

export function departShipment(scope: Scope, id: Types.ObjectId, h: HandoverInput, actor: Actor) {
  return perform(moveOperation, { once: actor.once, input: { depart: String(id), ...h } }, async () => {
    const doc = await shipmentFor(scope, id, 'carrier');
    if (!doc) return refuse('notFound', 'v.notFound');
    if (doc.status !== 'planned') return refuse('conflict', 'shipment.moved');
    return {
      ok: true,
      plan: moveOf(
        doc,
        actor,
        ['planned'],
        { status: 'in_transit', departedAt: h.at, loading: handover(h) },
        {
          lots: null,
          reading: readingOf(h),
        },
      ),
      value: { code: doc.code },
    };
  });
}

export function arriveShipment(scope: Scope, id: Types.ObjectId, h: HandoverInput, actor: Actor) {
  return perform(moveOperation, { once: actor.once, input: { arrive: String(id), ...h } }, async () => {
    const doc = await shipmentFor(scope, id, 'carrier');
    if (!doc) return refuse('notFound', 'v.notFound');
    if (doc.status !== 'in_transit') return refuse('conflict', 'shipment.moved');
    if (doc.departedAt && h.at <= doc.departedAt)
      return refuse('invalid', { at: ['shipment.arrivalBeforeDeparture'] });
    return {
      ok: true,
      plan: moveOf(
        doc,
        actor,
        ['in_transit'],
        { status: 'arrived', arrivedAt: h.at, unloading: handover(h) },
        {
          lots: null,
          reading: readingOf(h),
        },
      ),
      value: { code: doc.code },
    };
  });
}

export function receiveShipment(
  scope: Scope,
  id: Types.ObjectId,
  input: z.infer<typeof ReceiveSchema>,
  actor: Actor,
) {
  return perform(moveOperation, { once: actor.once, input: { receive: String(id), ...input } }, async () => {
    const doc = await shipmentFor(scope, id, 'consignee');
    if (!doc) return refuse('notFound', 'v.notFound');
    if (doc.status !== 'arrived') return refuse('conflict', 'shipment.notArrived');
    if (input.decision === 'reject' && !input.reason.trim())
      return refuse('invalid', { reason: ['shipment.reasonRequired'] });
    const now = new Date();
    const ids = doc.lines.filter((l) => !l.underDelivery).map((l) => l.lotId);
    const accept = input.decision === 'accept';
    return {
      ok: true,
      plan: moveOf(
        doc,
        actor,
        ['arrived'],
        {
          status: accept ? 'delivered' : 'rejected',
          receivedAt: now,
          receivedByName: actor.username,
          rejectionReason: accept ? '' : input.reason,
        },
        {
          lots: ids.length
            ? {
                ids,
                // received: the consignee holds them; refused: back to the sender, in stock
                set: accept
                  ? { status: 'in_stock', holderOrgId: doc.consigneeOrgId, movedAt: now }
                  : { status: 'in_stock', holderOrgId: doc.senderOrgId, movedAt: now },
              }
            : null,
          reading: null,
        },
      ),
      value: { code: doc.code },
    };
  });
}

const WithId = z.object({ id: objectId });

export const departShipmentCommand = defineCommand({
  name: 'shipment/depart',
  permission: ['write', 'shipment'],
  input: z.intersection(WithId, HandoverCommandSchema),
  run: ({ id, ...h }, { scope, actor }) => departShipment(scope, new Types.ObjectId(id), h, actor),
});

export const arriveShipmentCommand = defineCommand({
  name: 'shipment/arrive',
  permission: ['write', 'shipment'],
  input: z.intersection(WithId, HandoverCommandSchema),
  run: ({ id, ...h }, { scope, actor }) => arriveShipment(scope, new Types.ObjectId(id), h, actor),
});

export const receiveShipmentCommand = defineCommand({
  name: 'shipment/receive',
  permission: ['confirm', 'shipment'],
  input: z.intersection(WithId, ReceiveSchema),
  run: ({ id, ...input }, { scope, actor }) => receiveShipment(scope, new Types.ObjectId(id), input, actor),
});
