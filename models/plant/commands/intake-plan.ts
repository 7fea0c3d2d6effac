// What a weigh ticket takes in, worked out and written nowhere: the plant, the delivery sent to
// it or the toll customer's lots, the product's (and the contract's) rules and the figures. The
// form's 计算 shows it; the intake command (./intake.ts) plans its writes from it.
import { Types } from 'mongoose';
import { msg, refuse, type FieldErrors, type Refusal } from '../../kernel/command';
import type { Scope } from '../../kernel/scope';
import { LotModel, type Lot } from '../../lots';
import { OrganizationModel, ProductModel } from '../../town';
import { ContractModel, DeliveryModel } from '../../trade';
import { ticketFigures, ticketRules, tenths, type DeductionRule } from '~/domain/intake';
import type { IntakeInput } from '~/schemas/intake';
import { IntakeTicketModel } from '../schema';

export type LotDoc = Lot & { _id: Types.ObjectId };

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
