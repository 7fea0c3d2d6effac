// What the target pages share: the choices of scope and product.
import type { Types } from 'mongoose';
import { OrganizationModel } from '#models/town/organization';
import { ProductModel } from '#models/town/product';
import { VillageModel } from '#models/town/village';
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
