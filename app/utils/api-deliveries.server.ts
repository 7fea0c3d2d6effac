// Deliveries as the API shows them (amounts in integer 分, quantities in kg or head).
import type { PlainDoc } from '#models/kernel/common';
import type { Delivery } from '#models/trade/delivery';

export function deliveryJson(
  d: PlainDoc<Delivery>,
  names: { orgs: Record<string, string>; products: Record<string, { zh: string; en: string }> },
) {
  return {
    id: d.id,
    code: d.code,
    status: d.status,
    contractId: d.contractId,
    seller: { id: d.sellerOrgId, name: names.orgs[d.sellerOrgId] ?? null },
    buyer: { id: d.buyerOrgId, name: names.orgs[d.buyerOrgId] ?? null },
    product: { id: d.productId, name: names.products[d.productId]?.zh ?? d.productName },
    unit: d.unit,
    deliveredOn: d.deliveredOn,
    weighTicket: d.weighTicket,
    lots: d.lines.map((l) => ({
      code: l.lotCode,
      quantity: l.quantity,
      splitFrom: l.fromLotId === l.lotId ? null : l.fromLotCode,
    })),
    submitted: d.submitted,
    adjustment: d.adjustment && { ...d.adjustment, byUserId: undefined },
    disputeReason: d.disputeReason || null,
    receipt: d.receipt && {
      number: d.receipt.number,
      at: d.receipt.at,
      quantity: d.receipt.quantity,
      amountFen: d.receipt.amountFen,
      depositCreditFen: d.receipt.depositCreditFen,
      dueFen: d.receipt.dueFen,
      reversedFen: d.reversedFen ?? 0,
      paidFen: d.paidFen,
    },
  };
}
