// Intake (过磅入厂): the gate clerk's weigh ticket. Under a delivery to the plant's buyer, the
// delivery's lots are taken in as they are and the buyer confirms by the ticket's figures
// (trade's adjust/confirm path, nothing else); for toll processing a cooperative's own lots are
// taken in (part of a lot splits off). Either way one intake lot is made of the weighed net,
// its inputs the lots with the kg each was recorded as: the difference is the ticket's
// shrinkage, never written over a lot. One operation: the ticket (hidden while `recording`,
// its number and its lots unique), the lots reserved, then the lots made and the audit events.
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, msg, refuse, type FieldErrors, type Refusal } from '../../kernel/command';
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
import { LotModel, planLot, type Lot } from '../../lots';
import { OrganizationModel, ProductModel, TownModel } from '../../town';
import { ContractModel, DeliveryModel } from '../../trade';
import { ticketFigures, ticketRules, tenths, type DeductionRule } from '~/domain/intake';
import { shanghaiDayOf as shanghaiMidnightOf } from '~/domain/time';
import { IntakeTicketModel, TicketPhotoModel, type TicketLine } from '../schema';
import { IntakeCommandSchema, type IntakeInput } from '~/schemas/intake';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

interface LotReservation {
  lotId: Types.ObjectId;
  expectQty: number;
  holderOrgId: Types.ObjectId;
  status: 'taken_in' | 'split';
  movedAt: Date | null;
}

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
    const now = new Date();
    for (const lot of p.lots) {
      const res = await LotModel.updateOne(
        {
          _id: lot.lotId,
          status: 'in_stock',
          holderOrgId: lot.holderOrgId,
          quantity: lot.expectQty,
          'holds.op': { $ne: op._id },
        },
        {
          $set: { status: lot.status, movedAt: lot.movedAt ?? now },
          $push: { holds: { op: op._id, amount: 0 } },
        },
      );
      written();
      if (res.modifiedCount !== 1) return refuse('conflict', 'intake.lotMoved');
    }
    return null;
  },
  async release(op) {
    const p = op.plan;
    for (const lot of p.lots) {
      await LotModel.updateOne(
        { _id: lot.lotId, 'holds.op': op._id },
        { $set: { status: 'in_stock', movedAt: lot.movedAt }, $pull: { holds: { op: op._id } } },
      );
      written();
    }
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

type LotDoc = Lot & { _id: Types.ObjectId };

/** What the ticket takes in, worked out: the delivery or the toll customer, and the lots. */
interface Taken {
  kind: 'delivery' | 'toll';
  delivery: {
    _id: Types.ObjectId;
    code: string;
    contractId: Types.ObjectId | null;
    sellerOrgId: Types.ObjectId;
    buyerOrgId: Types.ObjectId;
  } | null;
  supplierOrgId: Types.ObjectId;
  ownerOrgId: Types.ObjectId;
  lots: Array<{ lot: LotDoc; kg: number }>;
}

const ARRIVING: string[] = ['pending', 'adjusted', 'confirmed'];

/** The plant of the caller, active, with what it does. */
export async function plantOf(scope: Scope) {
  return OrganizationModel.findOne({
    _id: scope.orgId,
    townId: scope.townId,
    type: 'plant',
    archivedAt: null,
  })
    .select('name servesOrgId tollProcessing')
    .lean();
}

/** The lots a ticket names: a delivery to this plant (by its id, or by one of its lots' codes), or a customer's lots. */
async function whatIsTaken(scope: Scope, input: IntakeInput): Promise<Taken | Refusal> {
  const plant = await plantOf(scope);
  if (!plant) return refuse('forbidden', 'intake.notAPlant');
  const codes = input.lots.map((l) => l.code);
  if (new Set(codes).size !== codes.length) return refuse('invalid', { lotCodes: ['intake.lotTwice'] });
  let deliveryId = input.deliveryId ? new Types.ObjectId(input.deliveryId) : null;
  const found = codes.length
    ? ((await LotModel.find({
        code: { $in: codes },
        townId: scope.townId,
        staged: { $ne: true },
      }).lean()) as LotDoc[])
    : [];
  const byCode = new Map(found.map((l) => [l.code, l]));
  const unknown = codes.filter((c) => !byCode.has(c));
  if (unknown.length)
    return refuse('invalid', { lotCodes: [msg('intake.lotUnknown', { code: unknown[0] })] });
  if (!deliveryId && found.some((l) => l.status === 'delivering' || l.status === 'delivered')) {
    // a lot typed or scanned that travels under a delivery: the delivery it is in, if to this plant
    const d = await DeliveryModel.findOne({ 'lines.lotId': found.find((l) => l.status !== 'in_stock')!._id })
      .select('_id plantOrgId')
      .lean();
    if (!d || !d.plantOrgId?.equals(scope.orgId!))
      return refuse('invalid', {
        lotCodes: [
          msg('intake.lotInOtherDelivery', { code: found.find((l) => l.status !== 'in_stock')!.code }),
        ],
      });
    deliveryId = d._id;
  }
  if (deliveryId) {
    const d = await DeliveryModel.findOne({
      _id: deliveryId,
      townId: scope.townId,
      plantOrgId: scope.orgId,
    }).lean();
    if (!d) return refuse('invalid', { deliveryId: ['v.invalidChoice'] });
    if (!ARRIVING.includes(d.status))
      return refuse('conflict', { deliveryId: ['intake.deliveryNotArriving'] });
    if (d.unit !== 'kg') return refuse('invalid', { deliveryId: ['intake.onlyKg'] });
    // the delivery is taken in whole: its lots as the seller delivered them
    const lineCodes = new Set(d.lines.map((l) => l.lotCode));
    const stray = codes.find((c) => !lineCodes.has(c));
    if (stray)
      return refuse('invalid', {
        lotCodes: [msg('intake.lotNotInDelivery', { code: stray, delivery: d.code })],
      });
    const lots = (await LotModel.find({ _id: { $in: d.lines.map((l) => l.lotId) } }).lean()) as LotDoc[];
    const byId = new Map(lots.map((l) => [String(l._id), l]));
    return {
      kind: 'delivery',
      delivery: d,
      supplierOrgId: d.sellerOrgId,
      ownerOrgId: d.buyerOrgId,
      lots: d.lines.map((line) => ({ lot: byId.get(String(line.lotId))!, kg: line.quantity })),
    };
  }
  if (!codes.length) return refuse('invalid', { lotCodes: ['intake.noLots'] });
  if (!plant.tollProcessing) return refuse('invalid', { lotCodes: ['intake.noToll'] });
  const lots: Taken['lots'] = [];
  const errors: FieldErrors = {};
  for (const line of input.lots) {
    const lot = byCode.get(line.code)!;
    if (lot.status === 'taken_in' || lot.status === 'consumed')
      errors.lotCodes = [msg('intake.lotAlreadyIn', { code: lot.code })];
    else if (lot.status !== 'in_stock') errors.lotCodes = [msg('intake.lotNotInStock', { code: lot.code })];
    else if (lot.holderOrgId.equals(scope.orgId!))
      errors.lotCodes = [msg('intake.lotAlreadyIn', { code: lot.code })];
    else if (lot.unit !== 'kg') errors.lotCodes = ['intake.onlyKg'];
    else if (line.kg !== undefined && line.kg > lot.quantity + 1e-9)
      errors.lotCodes = [msg('intake.moreThanLot', { code: lot.code, max: lot.quantity })];
    else lots.push({ lot, kg: line.kg ?? lot.quantity });
  }
  if (Object.keys(errors).length) return refuse('invalid', errors);
  const owners = new Set(lots.map((l) => String(l.lot.holderOrgId)));
  if (owners.size > 1) return refuse('invalid', { lotCodes: ['intake.oneSupplier'] });
  const customer = await OrganizationModel.exists({
    _id: lots[0]!.lot.holderOrgId,
    type: { $in: ['cooperative', 'base'] },
  });
  if (!customer) return refuse('invalid', { lotCodes: ['intake.tollCustomer'] });
  return {
    kind: 'toll',
    delivery: null,
    supplierOrgId: lots[0]!.lot.holderOrgId,
    ownerOrgId: lots[0]!.lot.holderOrgId,
    lots,
  };
}

/** The ticket's figures and rules, written nowhere: the form's 计算 and the command alike. */
export async function planIntake(scope: Scope, input: IntakeInput) {
  if (!(input.weighedAt.getTime() <= Date.now() + 10 * 60_000))
    return refuse('invalid', { weighedAt: ['v.futureDate'] });
  const taken = await whatIsTaken(scope, input);
  if ('ok' in taken) return taken;
  const products = new Set(taken.lots.map((l) => String(l.lot.productId)));
  if (products.size > 1) return refuse('invalid', { lotCodes: ['intake.oneProduct'] });
  const product = await ProductModel.findById(taken.lots[0]!.lot.productId).select('intakeRules name').lean();
  const contract = taken.delivery?.contractId
    ? await ContractModel.findById(taken.delivery.contractId).select('moistureFreePct impurityFreePct').lean()
    : null;
  const rules = ticketRules((product?.intakeRules ?? []) as DeductionRule[], contract);
  const figures = ticketFigures(input.grossKg, input.tareKg, input, rules);
  if (!figures.ok) {
    if (figures.code === 'tareNotBelowGross')
      return refuse('invalid', { tareKg: ['intake.tareNotBelowGross'] });
    if (figures.code === 'notTenths') return refuse('invalid', { grossKg: ['intake.tenths'] });
    if (figures.code === 'badPercent') return refuse('invalid', { impurityPct: ['v.tooLarge'] });
    if (figures.code !== 'rejected') throw new Error('unreachable');
    return refuse('invalid', {
      [`${figures.rule.measure}Pct`]: [
        msg(`intake.rejected.${figures.rule.measure}`, {
          above: figures.rule.abovePct,
          measured: figures.measuredPct,
        }),
      ],
    });
  }
  const recordedT = taken.lots.reduce((s, l) => s + (tenths(l.kg) ?? Math.round(l.kg * 10)), 0);
  return {
    ok: true as const,
    taken,
    figures,
    rules,
    recordedKg: recordedT / 10,
    shrinkageKg: (recordedT - Math.round(figures.netKg * 10)) / 10,
  };
}

/** The next ticket number of a plant: the last one's digits plus one (2026-0041 → 2026-0042). */
export async function nextTicketNumber(plantOrgId: Types.ObjectId, year: number) {
  const last = await IntakeTicketModel.findOne({ plantOrgId })
    .sort({ createdAt: -1 })
    .select('number')
    .lean();
  const m = last ? /^(.*?)(\d+)$/.exec(last.number) : null;
  if (!m) return `${year}-0001`;
  return `${m[1]}${String(Number(m[2]) + 1).padStart(m[2]!.length, '0')}`;
}

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
        const whole = Math.abs(kg - lot.quantity) < 1e-9;
        reservations.push({
          lotId: lot._id,
          expectQty: lot.quantity,
          holderOrgId: lot.holderOrgId,
          status: whole ? 'taken_in' : 'split',
          movedAt: lot.movedAt ?? null,
        });
        if (whole) {
          lines.push({
            lotId: lot._id,
            lotCode: lot.code,
            fromLotId: lot._id,
            fromLotCode: lot.code,
            recordedKg: kg,
          });
          continue;
        }
        const child = (qty: number, status: Lot['status']) =>
          planLot({
            townCode: town!.code,
            townId: lot.townId,
            orgId: lot.orgId,
            productId: lot.productId,
            productCode: lot.productCode,
            productName: lot.productName,
            unit: lot.unit,
            quantity: qty,
            grade: lot.grade,
            producedAt: lot.producedAt,
            origin: { ...lot.origin, kind: 'split' },
            parentLotIds: [lot._id],
            inputs: [{ lotId: lot._id, quantity: qty }],
            holderOrgId: lot.holderOrgId,
            status,
          });
        const takenIn = await child(kg, 'taken_in');
        const rest = await child(Math.round((lot.quantity - kg) * 1000) / 1000, 'in_stock');
        takenIn.movedAt = new Date();
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
