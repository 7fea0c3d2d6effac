// A delivery's price under its contract, or the spot price both sides agreed.
import { Types } from 'mongoose';
import { ContractModel, priceTermsOf, type ContractDoc } from '../contract';

import { priceOn } from '../price';

import { type PricedFigures } from './schema';

import type { Grade, WeightUnit } from '~/domain/planting';
import { priceLine, priceSteps, PricingError, type PriceSteps } from '~/domain/pricing';

import { refuse, type Refusal } from '../../kernel/command';

export interface LineInput {
  lotId: Types.ObjectId;
  quantity: number;
  index?: number; // the form's line number (lot1/qty1 …), for messages
}

export interface DeliveryInput {
  contractId: Types.ObjectId | null;
  buyerOrgId?: Types.ObjectId; // spot purchases name the buyer
  productId?: Types.ObjectId; // and the product
  agreedFen?: number; // and the price both agreed, per kg or head
  deliveredOn: string;
  weighTicket: string;
  /** the buyer's receiving plant the goods go to (null: the buyer itself) */
  plantOrgId?: Types.ObjectId | null;
  grade: Grade;
  moisturePct: number;
  impurityPct: number;
  /** The unit the lines' weights were typed in (kg when absent); a lot counted in head ignores it. */
  weightUnit?: WeightUnit;
  /** live animals sold from the herd: their weight at the sale, in kg */
  liveWeightKg?: number | null;
  lines: LineInput[];
}

/** Works out a delivery's price under its contract (or the agreed spot price). */
export async function priceFigures(
  contract: ContractDoc | null,
  townId: Types.ObjectId,
  productId: Types.ObjectId,
  f: {
    quantity: number;
    grade: Grade;
    moisturePct: number;
    impurityPct: number;
    day: string;
    weighedDeductedQty?: number;
  },
  agreedFen?: number,
): Promise<{ ok: true; figures: PricedFigures } | Refusal> {
  if (!contract) {
    const quantity = f.quantity;
    return {
      ok: true,
      figures: {
        quantity,
        grade: f.grade,
        moisturePct: f.moisturePct,
        impurityPct: f.impurityPct,
        marketFen: null,
        marketDay: null,
        source: 'agreed',
        unitFen: agreedFen ?? 0,
        deductedQty: 0,
        payableQty: quantity,
        amountFen: Math.round(quantity * (agreedFen ?? 0)),
      },
    };
  }
  const market = await priceOn(townId, productId, f.day);
  try {
    const line = priceLine(
      priceTermsOf(contract),
      {
        quantity: f.quantity,
        grade: f.grade,
        moisturePct: f.moisturePct,
        impurityPct: f.impurityPct,
        weighedDeductedQty: f.weighedDeductedQty,
      },
      market?.fen ?? null,
    );
    return {
      ok: true,
      figures: {
        quantity: f.quantity,
        grade: f.grade,
        moisturePct: f.moisturePct,
        impurityPct: f.impurityPct,
        marketFen: market?.fen ?? null,
        marketDay: market?.day ?? null,
        source: line.source,
        unitFen: line.unitFen,
        deductedQty: line.deductedQty,
        payableQty: line.payableQty,
        amountFen: line.amountFen,
      },
    };
  } catch (error) {
    if (!(error instanceof PricingError)) throw error;
    const field =
      error.code === 'gradeNotInTable' ? 'grade' : error.code === 'badPercent' ? 'moisturePct' : '';
    return refuse('invalid', { [field]: [`delivery.${error.code}`] });
  }
}

/**
 * The steps by which a delivery's stored figures follow from its contract (the page explains
 * them with their signs). Null for a spot purchase, or when the contract's terms have changed
 * since and no longer give the stored price: the stored figures stand, unexplained rather than
 * explained wrongly.
 */
export async function explainPrice(
  contractId: Types.ObjectId | string | null,
  figures: Pick<
    PricedFigures,
    'quantity' | 'grade' | 'moisturePct' | 'impurityPct' | 'marketFen' | 'unitFen' | 'amountFen'
  > & { deductedQty?: number; weighedTicket?: string },
): Promise<PriceSteps | null> {
  if (!contractId) return null;
  const contract = await ContractModel.findById(contractId)
    .select('unit floorFen market grades moistureFreePct impurityFreePct')
    .lean();
  if (!contract) return null;
  try {
    // figures confirmed as weighed at a plant carry the ticket's own deduction
    const line = figures.weighedTicket ? { ...figures, weighedDeductedQty: figures.deductedQty } : figures;
    const steps = priceSteps(priceTermsOf(contract), line, figures.marketFen);
    return steps.unitFen === figures.unitFen && steps.amountFen === figures.amountFen ? steps : null;
  } catch (error) {
    if (error instanceof PricingError) return null;
    throw error;
  }
}
