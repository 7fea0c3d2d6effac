// What the target pages share: the choices of scope and product, and the check that a form's
// scope and product are the town's own (of the right kind).
import type { Types } from 'mongoose';
import { toObjectId } from '#models/kernel/common';
import { OrganizationModel } from '#models/town/organization';
import { ProductModel } from '#models/town/product';
import { VillageModel } from '#models/town/village';
import type { TargetInput } from '~/schemas/target';
import { translator, type Language } from '~/i18n';

export async function targetChoices(townId: Types.ObjectId | null, lng: Language) {
  const t = translator(lng);
  const [villages, orgs, products] = await Promise.all([
    VillageModel.find({ townId, archivedAt: null }).select('name').lean(),
    OrganizationModel.find({ townId, archivedAt: null, type: { $in: ['base', 'cooperative'] } })
      .select('name type')
      .lean(),
    ProductModel.find({ townId, archivedAt: null, category: { $ne: 'meat' } })
      .select('name nameEn')
      .lean(),
  ]);
  return {
    scopes: [
      ...villages.map((v) => ({ value: String(v._id), label: `${t('target.scopes.village')} · ${v.name}` })),
      ...orgs.map((o) => ({ value: String(o._id), label: `${t(`target.scopes.${o.type}`)} · ${o.name}` })),
    ],
    products: products.map((p) => ({
      value: String(p._id),
      label: lng === 'en' ? p.nameEn || p.name : p.name,
    })),
  };
}

/** Field errors when the scope or product is not the town's own of the right kind. */
export async function checkTargetRefs(townId: Types.ObjectId | null, input: TargetInput) {
  const errors: Record<string, string[]> = {};
  const scopeId = toObjectId(input.scopeId);
  if (input.scopeKind === 'village' && !(await VillageModel.exists({ _id: scopeId, townId }))) {
    errors.scopeId = ['v.invalidChoice'];
  }
  if (input.scopeKind === 'base' || input.scopeKind === 'cooperative') {
    if (!(await OrganizationModel.exists({ _id: scopeId, townId, type: input.scopeKind }))) {
      errors.scopeId = ['v.invalidChoice'];
    }
  }
  if (input.productId && !(await ProductModel.exists({ _id: toObjectId(input.productId), townId }))) {
    errors.productId = ['v.invalidChoice'];
  }
  return errors;
}
