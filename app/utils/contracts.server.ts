// What the contract pages need from the database besides the contracts themselves: the
// parties and products to choose from, the names to show, and the checks zod cannot make.
import { Types } from 'mongoose';
import { OrganizationModel } from '#models/town/organization';
import { ProductModel } from '#models/town/product';
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
