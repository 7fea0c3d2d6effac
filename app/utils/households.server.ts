// What the household pages share: names of villages and organizations, the register as a
// role may see it (phones masked unless the user is an official or of the household's own
// cooperative), and the form → record mapping.
import { Types } from 'mongoose';
import { appendAudit } from '#models/kernel/audit';
import { storedActor } from '#models/kernel/operation';
import { OrganizationModel } from '#models/town/organization';
import { ProductModel } from '#models/town/product';
import { VillageModel } from '#models/town/village';
import { maskPhone } from '~/domain/household';
import type { OrgType } from '~/schemas/roles';
import { actorOf, type SessionUser } from './auth.server';
import { todayInShanghai } from './dates';

export async function villageNames(townId: Types.ObjectId | null) {
  const vs = await VillageModel.find({ townId }).select('name archivedAt').sort({ name: 1 }).lean();
  return {
    names: Object.fromEntries(vs.map((v) => [String(v._id), v.name])) as Record<string, string>,
    options: vs.filter((v) => !v.archivedAt).map((v) => ({ value: String(v._id), label: v.name })),
  };
}

export async function orgNames(townId: Types.ObjectId | null, types?: OrgType[]) {
  const os = await OrganizationModel.find({ townId, ...(types && { type: { $in: types } }) })
    .select('name type archivedAt')
    .lean();
  return {
    names: Object.fromEntries(os.map((o) => [String(o._id), o.name])) as Record<string, string>,
    options: os.filter((o) => !o.archivedAt).map((o) => ({ value: String(o._id), label: o.name })),
  };
}

/** What households sell: the town's crops (weighed in kg). */
export async function productOptions(townId: Types.ObjectId | null) {
  const ps = await ProductModel.find({ townId, archivedAt: null, unit: 'kg', category: 'crop' })
    .select('name nameEn')
    .lean();
  return ps.map((p) => ({ value: String(p._id), label: p.name, labelEn: p.nameEn || p.name }));
}

/** May this user see the household's phone in full? Officials, and its own cooperatives. */
export function seesPhone(user: SessionUser, memberships: Array<{ orgId: string }>) {
  if (user.role === 'official') return true;
  return user.role === 'cooperative' && memberships.some((m) => m.orgId === String(user.orgId));
}

/** The phone as this user may see it. */
export function phoneFor(user: SessionUser, phone: string, memberships: Array<{ orgId: string }> | null) {
  return memberships && seesPhone(user, memberships) ? phone : maskPhone(phone);
}

/** The year asked for in `?year=`, when it is a plausible one; otherwise this year. */
export function yearParam(request: Request) {
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const raw = new URL(request.url).searchParams.get('year');
  const year = Number(raw);
  return raw && /^\d{4}$/.test(raw) && year >= 2000 && year <= thisYear + 1 ? year : thisYear;
}

/** An export of household data (personal data) is recorded in the audit trail before it is served. */
export async function auditHouseholdExport(user: SessionUser, after: Record<string, unknown>) {
  await appendAudit({
    actor: storedActor(actorOf(user)),
    action: 'export',
    entity: 'Household',
    recordId: new Types.ObjectId(),
    townId: user.townId,
    label: String(after.households ?? ''),
    before: null,
    after,
    changed: [],
  });
}
