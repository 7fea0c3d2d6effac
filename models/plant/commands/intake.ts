// Intake (过磅入厂): the gate clerk's weigh ticket. Under a delivery to the plant's buyer, the
// delivery's lots are taken in as they are and the buyer confirms by the ticket's figures
// (trade's adjust/confirm path, nothing else); for toll processing a cooperative's own lots are
// taken in (part of a lot splits off). Either way one intake lot is made of the weighed net,
// its inputs the lots with the kg each was recorded as: the difference is the ticket's
// shrinkage, never written over a lot. One operation: the ticket (hidden while `recording`,
// its number and its lots unique), the lots reserved, then the lots made and the audit events.
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, refuse, type FieldErrors, type Refusal } from '../../kernel/command';
import { touchRecords } from '../../kernel/facts';
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
import type { Actor } from '../../kernel/audit';
import type { Scope } from '../../kernel/scope';
import { auditEvent } from '../../kernel/write';
import {
  LotModel,
  planLot,
  planSplit,
  releaseLots,
  reservationOf,
  reserveLots,
  type LotReservation,
} from '../../lots';
import { TownModel } from '../../town';
import { shanghaiDayOf as shanghaiMidnightOf } from '~/domain/time';
import { IntakeTicketModel, TicketPhotoModel, type TicketLine } from '../schema';
import { IntakeCommandSchema, type IntakeInput } from '~/schemas/intake';
import { planIntake } from './intake-plan';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

interface IntakePlan {
  ticket: Doc;
  lots: LotReservation[];
  made: Doc[]; // split children and the intake lot
  audits: PlannedAudit[];
  photoId: Types.ObjectId | null;
}

interface Photo {
  contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  bytes: Uint8Array;
}

const intakeOperation = defineOperation<IntakePlan, { photo?: Photo }>({
  name: 'plant:intake',
  async hold(op, context): Promise<FieldErrors | Refusal | null> {
    const p = op.plan;
    if (p.photoId && context?.photo) {
      await TicketPhotoModel.collection.insertOne({
        _id: p.photoId,
        ticketId: p.ticket._id,
        contentType: context.photo.contentType,
        size: context.photo.bytes.byteLength,
        data: Buffer.from(context.photo.bytes),
        createdAt: new Date(),
      } as never);
      written();
    }
    try {
      await IntakeTicketModel.collection.insertOne(p.ticket as never);
      written();
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      if (/number/.test(String(error))) return refuse('invalid', { number: ['intake.numberUsed'] });
      return refuse('conflict', 'intake.lotTakenIn');
    }
    if (!(await reserveLots(p.lots, op._id))) return refuse('conflict', 'intake.lotMoved');
    return null;
  },
  async release(op) {
    const p = op.plan;
    await releaseLots(p.lots, op._id);
    await IntakeTicketModel.collection.deleteOne({ _id: p.ticket._id, status: 'recording' });
    written();
    if (p.photoId) {
      await TicketPhotoModel.collection.deleteOne({ _id: p.photoId });
      written();
    }
  },
  async apply(op) {
    const p = op.plan;
    await insertOnce(LotModel as never, p.made);
    await IntakeTicketModel.updateOne(
      { _id: p.ticket._id, status: 'recording' },
      { $set: { status: 'recorded' } },
    );
    written();
    await touchRecords('IntakeTicket', { ...p.ticket, status: 'recorded' });
    await writeAudit(p.audits);
  },
  async finish(op) {
    await clearHold(LotModel, { _id: { $in: op.plan.lots.map((l) => l.lotId) } } as never, op._id);
  },
});

export async function recordIntake(
  scope: Scope,
  input: IntakeInput,
  actor: Actor,
  photo?: Photo,
): Promise<Outcome<{ id: Types.ObjectId; number: string; lotCode: string }>> {
  return perform(
    intakeOperation,
    { once: actor.once, input: { ...input, photo: photo?.bytes.byteLength ?? 0 } },
    async () => {
      const planned = await planIntake(scope, input);
      if (!planned.ok) return planned;
      const { taken, figures } = planned;
      if (await IntakeTicketModel.exists({ plantOrgId: scope.orgId, number: input.number }))
        return refuse('invalid', { number: ['intake.numberUsed'] });
      const town = await TownModel.findById(scope.townId).select('code').lean();
      const first = taken.lots[0]!.lot;
      const day = shanghaiMidnightOf(input.weighedAt);
      const made: Doc[] = [];
      const lines: TicketLine[] = [];
      const reservations: LotReservation[] = [];
      for (const { lot, kg } of taken.lots) {
        if (taken.kind === 'delivery') {
          // a delivery's lot is the buyer's once confirmed: it is taken in as it is
          lines.push({
            lotId: lot._id,
            lotCode: lot.code,
            fromLotId: lot._id,
            fromLotCode: lot.code,
            recordedKg: kg,
          });
          continue;
        }
        const reservation = reservationOf(lot, kg, 'taken_in');
        reservations.push(reservation);
        if (reservation.status !== 'split') {
          lines.push({
            lotId: lot._id,
            lotCode: lot.code,
            fromLotId: lot._id,
            fromLotCode: lot.code,
            recordedKg: kg,
          });
          continue;
        }
        const { taken: takenIn, rest } = await planSplit(town!.code, lot, kg, 'taken_in');
        made.push(takenIn, rest);
        lines.push({
          lotId: takenIn._id,
          lotCode: String(takenIn.code),
          fromLotId: lot._id,
          fromLotCode: lot.code,
          recordedKg: kg,
        });
      }
      const villages = [
        ...new Set(
          taken.lots
            .map((l) => l.lot.origin.villageId)
            .filter(Boolean)
            .map(String),
        ),
      ];
      const cooperatives = [
        ...new Set(
          taken.lots
            .map((l) => l.lot.origin.cooperativeId)
            .filter(Boolean)
            .map(String),
        ),
      ];
      const intakeLot = await planLot({
        townCode: town!.code,
        townId: scope.townId!,
        orgId: scope.orgId!,
        productId: first.productId,
        productCode: first.productCode,
        productName: first.productName,
        unit: 'kg',
        quantity: figures.netKg,
        grade: input.grade,
        producedAt: day,
        origin: {
          kind: 'intake',
          plantingId: null,
          harvestId: null,
          herdEventId: null,
          villageId: villages.length === 1 ? new Types.ObjectId(villages[0]) : null,
          cooperativeId: cooperatives.length === 1 ? new Types.ObjectId(cooperatives[0]) : null,
          baseId: null,
        },
        parentLotIds: lines.map((l) => l.lotId),
        inputs: lines.map((l) => ({ lotId: l.lotId, quantity: l.recordedKg })),
        holderOrgId: scope.orgId!,
        ownerOrgId: taken.ownerOrgId,
      });
      made.push(intakeLot);
      const now = new Date();
      const feeFenPerKg = taken.kind === 'toll' ? (input.feeFenPerKg ?? 0) : 0;
      const ticket: Doc = {
        _id: new Types.ObjectId(),
        townId: scope.townId,
        plantOrgId: scope.orgId,
        number: input.number,
        weighedAt: input.weighedAt,
        kind: taken.kind,
        deliveryId: taken.delivery?._id ?? null,
        deliveryCode: taken.delivery?.code ?? '',
        contractId: taken.delivery?.contractId ?? null,
        supplierOrgId: taken.supplierOrgId,
        ownerOrgId: taken.ownerOrgId,
        productId: first.productId,
        productName: first.productName,
        villageIds: villages.map((v) => new Types.ObjectId(v)),
        lines,
        recordedKg: planned.recordedKg,
        grossKg: input.grossKg,
        tareKg: input.tareKg,
        netKg: figures.netKg,
        moisturePct: input.moisturePct,
        impurityPct: input.impurityPct,
        grade: input.grade,
        deductions: figures.deductions.map((d) => ({
          kind: d.rule.kind,
          measure: d.rule.measure,
          pct: d.pct,
          kg: d.kg,
        })),
        deductedKg: figures.deductedKg,
        payableKg: figures.payableKg,
        shrinkageKg: planned.shrinkageKg,
        feeFenPerKg,
        feeFen: Math.round(figures.netKg * feeFenPerKg),
        intakeLotId: intakeLot._id,
        intakeLotCode: intakeLot.code,
        photoId: photo ? new Types.ObjectId() : null,
        notes: input.notes ?? '',
        byUserId: actor.userId,
        source: input.source ?? 'form',
        status: 'recording',
        createdAt: now,
        updatedAt: now,
        __v: 0,
      };
      const audits = [
        auditEvent('IntakeTicket', 'create', actor, null, { ...ticket, status: 'recorded' }, input.number)!,
        ...made.map((c) => auditEvent('Lot', 'create', actor, null, c, String(c.code))!),
      ];
      return {
        ok: true,
        plan: {
          ticket,
          lots: reservations,
          made,
          audits,
          photoId: (ticket.photoId as Types.ObjectId | null) ?? null,
        },
        context: { photo },
        value: { id: ticket._id, number: input.number, lotCode: String(intakeLot.code) },
      };
    },
  );
}

const Photo = z.object({
  contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  bytes: z.instanceof(Uint8Array),
});

/** The gate clerk (or the weighbridge's software) records a weigh ticket. */
export const recordIntakeCommand = defineCommand({
  name: 'intake/record',
  permission: ['write', 'intake'],
  input: z.intersection(IntakeCommandSchema, z.object({ photo: Photo.optional() })),
  run: ({ photo, ...input }, { scope, actor }) => recordIntake(scope, input, actor, photo),
});
