// What the contract pages need from the database besides the contracts themselves: the
// parties and products to choose from, the names to show, and the checks zod cannot make.
import { Types } from 'mongoose';
import type { NewContract } from '#models/trade/contract';
import { OrganizationModel } from '#models/town/organization';
import { ProductModel } from '#models/town/product';
import { TownModel } from '#models/town/town';
import { GRADES, gradeKindField, gradeYuanField, parseSchedule } from '~/domain/contract';
import type { GradeTerm } from '~/domain/pricing';
import { yuanToFen } from '~/domain/herd';
import type { ContractInput } from '~/schemas/contract';
import type { OrgType } from '~/schemas/roles';
import type { SessionUser } from './auth.server';

const SELLER_TYPES: OrgType[] = ['cooperative', 'base'];

/** The parties and products a contract of this user's town may name. */
export async function contractChoices(user: SessionUser) {
  const [orgs, products] = await Promise.all([
    OrganizationModel.find({
      townId: user.townId,
      type: { $in: [...SELLER_TYPES, 'enterprise' as const] },
      archivedAt: null,
    })
      .select('name type')
      .lean(),
    ProductModel.find({ townId: user.townId, archivedAt: null }).select('name nameEn unit code').lean(),
  ]);
  const option = (o: { _id: Types.ObjectId; name: string }) => ({ value: String(o._id), label: o.name });
  return {
    sellers: orgs.filter((o) => SELLER_TYPES.includes(o.type)).map(option),
    // an enterprise drafts its own contracts; an official names the buyer
    buyers: orgs
      .filter(
        (o) =>
          o.type === 'enterprise' && (user.role !== 'enterprise' || String(o._id) === String(user.orgId)),
      )
      .map(option),
    products: products.map((p) => ({
      value: String(p._id),
      label: p.name,
      labelEn: p.nameEn || p.name,
      unit: p.unit,
    })),
  };
}

/** Names of the organizations and products these contracts name, in both languages for products. */
export async function contractNames(
  contracts: Array<{ buyerOrgId: string; sellerOrgId: string; productId: string }>,
) {
  const orgIds = [...new Set(contracts.flatMap((c) => [c.buyerOrgId, c.sellerOrgId]))].map(
    (id) => new Types.ObjectId(id),
  );
  const productIds = [...new Set(contracts.map((c) => c.productId))].map((id) => new Types.ObjectId(id));
  const [orgs, products] = await Promise.all([
    OrganizationModel.find({ _id: { $in: orgIds } })
      .select('name')
      .lean(),
    ProductModel.find({ _id: { $in: productIds } })
      .select('name nameEn')
      .lean(),
  ]);
  return {
    orgs: Object.fromEntries(orgs.map((o) => [String(o._id), o.name])) as Record<string, string>,
    products: Object.fromEntries(
      products.map((p) => [String(p._id), { zh: p.name, en: p.nameEn || p.name }]),
    ) as Record<string, { zh: string; en: string }>,
  };
}

/**
 * The contract the form describes, checked against the town: the seller a cooperative or the
 * base, the buyer an enterprise (the user's own when an enterprise writes it), the product in
 * the catalog. Field errors when not.
 */
export async function contractFromInput(
  user: SessionUser,
  input: ContractInput,
): Promise<
  { ok: true; contract: NewContract; townCode: string } | { ok: false; errors: Record<string, string[]> }
> {
  const buyerId = user.role === 'enterprise' ? String(user.orgId) : input.buyerOrgId;
  const errors: Record<string, string[]> = {};
  if (!buyerId) errors.buyerOrgId = ['v.required'];
  const townId = user.townId!;
  const [seller, buyer, product, town] = await Promise.all([
    OrganizationModel.findOne({
      _id: input.sellerOrgId,
      townId,
      type: { $in: SELLER_TYPES },
      archivedAt: null,
    }).lean(),
    buyerId
      ? OrganizationModel.findOne({ _id: buyerId, townId, type: 'enterprise', archivedAt: null }).lean()
      : null,
    ProductModel.findOne({ _id: input.productId, townId, archivedAt: null }).lean(),
    TownModel.findById(townId).select('code').lean(),
  ]);
  if (!seller) errors.sellerOrgId = ['contract.sellerType'];
  if (buyerId && !buyer) errors.buyerOrgId = ['contract.buyerType'];
  if (!product) errors.productId = ['contract.productChoice'];
  if (!seller || !buyer || !product || !town || Object.keys(errors).length) return { ok: false, errors };
  const grades: GradeTerm[] = [];
  for (const g of GRADES) {
    const kind = input[gradeKindField(g)];
    const yuan = input[gradeYuanField(g)];
    if (kind !== 'base' && yuan !== undefined) grades.push({ grade: g, kind, fen: yuanToFen(yuan) });
  }
  return {
    ok: true,
    townCode: town.code,
    contract: {
      townId,
      buyerOrgId: buyer._id,
      sellerOrgId: seller._id,
      productId: product._id,
      unit: product.unit,
      committedQty: input.committedQty,
      windowStart: input.windowStart,
      windowEnd: input.windowEnd,
      floorFen: yuanToFen(input.floorYuan),
      market: {
        kind: input.marketRule,
        percent: input.marketRule === 'premium' ? (input.marketPercent ?? 0) : null,
      },
      grades,
      moistureFreePct: input.moistureFreePct,
      impurityFreePct: input.impurityFreePct,
      depositFen: yuanToFen(input.depositYuan),
      overageAllowed: input.overageAllowed,
      notes: input.notes,
      schedule: (() => {
        const plan = parseSchedule(input.schedule);
        return plan.ok ? plan.lines : [];
      })(),
    },
  };
}
