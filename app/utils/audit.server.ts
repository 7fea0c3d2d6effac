// The audit trail as people read it: who (by name, role and organization), which record (by
// its name, linked where the reader may open it), and each stored field as what it is — a
// day, a sum of money, a weight, a grade, another record — rather than ids and raw numbers.
import { Types } from 'mongoose';
import type { listAuditEvents } from '#models/kernel/audit';
import {
  ContractModel,
  HarvestModel,
  HerdEventModel,
  ImportJobModel,
  LotModel,
  OrganizationModel,
  PlantingModel,
  ProductModel,
  TownModel,
  UserModel,
  VillageModel,
} from '#models/index';
import type { Language } from '~/i18n';
import { serverT } from '~/i18n/messages.server';
import type { Entity } from '~/schemas/roles';
import type { Shown, ShownEvent, ShownField } from './audit-view';
import type { SessionUser } from './auth.server';
import { shanghaiDateString, type Unit } from './format';
import { can } from './permissions.server';

type StoredEvent = Awaited<ReturnType<typeof listAuditEvents>>['events'][number];

/** Records another record's fields can point at, and how each is named. */
const REF_KINDS = {
  Town: { model: TownModel, fields: { name: 1 } },
  Village: { model: VillageModel, fields: { name: 1 } },
  Organization: { model: OrganizationModel, fields: { name: 1 } },
  Product: { model: ProductModel, fields: { name: 1, nameEn: 1 } },
  User: { model: UserModel, fields: { displayName: 1, username: 1 } },
  Planting: { model: PlantingModel, fields: { ref: 1 } },
  Harvest: { model: HarvestModel, fields: { lotCode: 1, plantingId: 1 } },
  Lot: { model: LotModel, fields: { code: 1, unit: 1 } },
  HerdEvent: { model: HerdEventModel, fields: { kind: 1, date: 1 } },
  ImportJob: { model: ImportJobModel, fields: { fileName: 1 } },
  Contract: { model: ContractModel, fields: { code: 1, unit: 1 } },
} as const;
type RefKind = keyof typeof REF_KINDS;

/** What a stored field holds. Fields are named alike across records, so one table serves all. */
type FieldKind =
  | 'text'
  | 'date'
  | 'time'
  | 'money'
  | 'secret'
  | 'bool'
  | { ref: RefKind }
  | { num: Unit | null; signed?: boolean }
  | { word: string } // translation key prefix
  | { list: FieldKind }
  | { group: Record<string, FieldKind> }
  | 'yield'; // a number (kg/亩) or a {min, max} range of them

const FIELD_KINDS: Record<string, FieldKind> = {
  townId: { ref: 'Town' },
  villageId: { ref: 'Village' },
  villageIds: { list: { ref: 'Village' } },
  orgId: { ref: 'Organization' },
  holderOrgId: { ref: 'Organization' },
  productId: { ref: 'Product' },
  plantingId: { ref: 'Planting' },
  lotId: { ref: 'Lot' },
  parentLotIds: { list: { ref: 'Lot' } },
  importId: { ref: 'ImportJob' },
  reverses: { ref: 'HerdEvent' },
  reversedBy: { ref: 'HerdEvent' },
  plantedOn: 'date',
  expectedHarvestOn: 'date',
  harvestedOn: 'date',
  producedAt: 'date',
  date: 'date',
  archivedAt: 'time',
  finishedAt: 'time',
  movedAt: 'time',
  passwordChangedAt: 'time',
  priceFen: 'money',
  passwordHash: 'secret',
  quantityKg: { num: 'kg' },
  harvestedKg: { num: 'kg' },
  weightKg: { num: 'kg' },
  enteredQuantity: { num: null },
  quantity: { num: null }, // a lot's, in the lot's unit (see `unitOf`)
  areaMu: { num: 'mu' },
  yieldKgPerMu: 'yield',
  head: { num: 'head' },
  delta: { num: 'head', signed: true },
  households: { num: 'households' },
  memberHouseholds: { num: 'households' },
  growingDays: { num: 'days' },
  season: 'text', // a year: no thousands separator
  grade: { word: 'harvest.grades' },
  enteredUnit: { word: 'unit' },
  unit: { word: 'unit' },
  status: { word: 'lot.statuses' },
  kind: { word: 'herd.kinds' },
  species: { word: 'species' },
  category: { word: 'category' },
  role: { word: 'role' },
  type: { word: 'orgType' },
  level: { word: 'level' },
  locale: { word: 'audit.locales' },
  flag: { word: 'harvest.flags' },
  earTags: { list: 'text' },
  coldChain: {
    group: {
      minC: { num: 'celsius' },
      maxC: { num: 'celsius' },
      toleranceMinutes: { num: 'minutes' },
      humidityMin: { num: 'percent' },
      humidityMax: { num: 'percent' },
    },
  },
  origin: {
    group: {
      kind: { word: 'lot.origins' },
      plantingId: { ref: 'Planting' },
      harvestId: { ref: 'Harvest' },
      herdEventId: { ref: 'HerdEvent' },
      villageId: { ref: 'Village' },
      cooperativeId: { ref: 'Organization' },
      baseId: { ref: 'Organization' },
    },
  },
  flagCheck: { group: { at: 'time', by: 'text', note: 'text' } },
  buyerOrgId: { ref: 'Organization' },
  sellerOrgId: { ref: 'Organization' },
  committedQty: { num: null }, // in the contract's unit
  windowStart: 'date',
  windowEnd: 'date',
  floorFen: 'money',
  depositFen: 'money',
  market: { group: { kind: { word: 'contract.marketRules' }, percent: { num: 'percent' } } },
  grades: {
    list: {
      group: { grade: { word: 'harvest.grades' }, kind: { word: 'contract.gradeKinds' }, fen: 'money' },
    },
  },
  moistureFreePct: { num: 'percent' },
  impurityFreePct: { num: 'percent' },
  overageAllowed: 'bool',
  acceptedByBuyerAt: 'time',
  acceptedBySellerAt: 'time',
  activatedAt: 'time',
  terminatedAt: 'time',
  terminationReason: 'text',
  day: 'date',
  fen: 'money',
  source: { word: 'prices.sources' },
  unitFen: 'money',
  rateFen: 'money',
  surplusFen: 'money',
  byVolumeFen: 'money',
  bySharesFen: 'money',
  landFenPerMu: 'money',
  volumePct: { num: 'percent' },
  lifted: 'bool',
  monitored: 'bool',
  on: 'date',
  year: 'text', // a year: no thousands separator
  rentYear: 'text',
};

/** Fields one kind of record stores differently from the others of that name. */
const ENTITY_FIELD_KINDS: Record<string, Record<string, FieldKind>> = {
  Contract: { status: { word: 'contract.statuses' } },
  HouseholdEntry: { kind: { word: 'payout.kinds' }, method: { word: 'payout.methods' }, amountFen: 'money' },
  Distribution: { state: { word: 'dividend.states' } },
};

/** The kinds of the fields every audited record may store (tests check each has a label). */
export const AUDIT_FIELDS = Object.keys(FIELD_KINDS);

const NONE: Shown = { t: 'none' };

type Named = { zh: string; en: string; doc: Record<string, unknown> };
type Names = Map<string, Named>; // `${kind}:${id}` → name

function idOf(value: unknown): string | null {
  if (value instanceof Types.ObjectId) return value.toHexString();
  return typeof value === 'string' && Types.ObjectId.isValid(value) && value.length === 24 ? value : null;
}

/** Every record id the events mention, by the kind of record it names. */
function collectRefs(events: StoredEvent[]) {
  const wanted = new Map<RefKind, Set<string>>();
  const want = (kind: RefKind, value: unknown) => {
    const id = idOf(value);
    if (!id) return;
    if (!wanted.has(kind)) wanted.set(kind, new Set());
    wanted.get(kind)!.add(id);
  };
  const walk = (kind: FieldKind | undefined, value: unknown) => {
    if (!kind || value === null || value === undefined || typeof kind === 'string') return;
    if ('ref' in kind) want(kind.ref, value);
    else if ('list' in kind && Array.isArray(value)) value.forEach((v) => walk(kind.list, v));
    else if ('group' in kind && typeof value === 'object')
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(kind.group[k], v);
  };
  for (const e of events) {
    if (e.entity in REF_KINDS) want(e.entity as RefKind, e.recordId);
    want('User', e.actor.userId);
    want('Organization', e.actor.orgId);
    for (const values of [e.before, e.after])
      for (const [field, value] of Object.entries(values ?? {})) walk(FIELD_KINDS[field], value);
  }
  return wanted;
}

function nameOf(kind: RefKind, doc: Record<string, unknown>): { zh: string; en: string } {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (kind) {
    case 'Product':
      return { zh: text(doc.name), en: text(doc.nameEn) || text(doc.name) };
    case 'User':
      return {
        zh: text(doc.displayName) || text(doc.username),
        en: text(doc.displayName) || text(doc.username),
      };
    case 'Planting':
      return { zh: text(doc.ref), en: text(doc.ref) };
    case 'Harvest':
      return { zh: text(doc.lotCode), en: text(doc.lotCode) };
    case 'Lot':
      return { zh: text(doc.code), en: text(doc.code) };
    case 'HerdEvent': {
      const day = doc.date instanceof Date ? shanghaiDateString(doc.date) : '';
      const kind = (lng: Language) => serverT(lng)(`herd.kinds.${String(doc.kind)}`);
      return { zh: `${kind('zh')} ${day}`, en: `${kind('en')} ${day}` };
    }
    case 'ImportJob':
      return { zh: text(doc.fileName), en: text(doc.fileName) };
    case 'Contract':
      return { zh: text(doc.code), en: text(doc.code) };
    default:
      return { zh: text(doc.name), en: text(doc.name) };
  }
}

async function lookUp(wanted: Map<RefKind, Set<string>>): Promise<Names> {
  const names: Names = new Map();
  await Promise.all(
    [...wanted].map(async ([kind, ids]) => {
      const { model, fields } = REF_KINDS[kind];
      const docs = await (model as unknown as typeof TownModel)
        .find({ _id: { $in: [...ids].map((id) => new Types.ObjectId(id)) } }, fields)
        .lean<Record<string, unknown>[]>();
      for (const doc of docs) names.set(`${kind}:${String(doc._id)}`, { ...nameOf(kind, doc), doc });
    }),
  );
  return names;
}

function show(kind: FieldKind | undefined, value: unknown, names: Names, unit: Unit | null): Shown {
  if (value === null || value === undefined || value === '') return NONE;
  if (Array.isArray(value) && value.length === 0) return NONE;
  const k = kind ?? 'text';
  if (k === 'date' || k === 'time') {
    const when = new Date(value as string);
    if (Number.isNaN(when.getTime())) return { t: 'text', v: String(value) };
    return { t: k, v: when.toISOString() };
  }
  if (k === 'money') return typeof value === 'number' ? { t: 'money', fen: value } : NONE;
  if (k === 'secret') return { t: 'secret' };
  if (k === 'yield') {
    if (typeof value === 'number') return { t: 'num', v: value, unit: 'kgPerMu' };
    const range = value as { min?: unknown; max?: unknown };
    return {
      t: 'range',
      min: show({ num: 'kgPerMu' }, range.min, names, null),
      max: show({ num: 'kgPerMu' }, range.max, names, null),
    };
  }
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (k === 'text' || k === 'bool') {
    return typeof value === 'object'
      ? { t: 'text', v: JSON.stringify(value) }
      : { t: 'text', v: String(value) };
  }
  if ('num' in k)
    return typeof value === 'number'
      ? { t: 'num', v: value, unit: k.num ?? unit ?? undefined, signed: k.signed }
      : NONE;
  if ('word' in k) return { t: 'word', key: `${k.word}.${String(value)}` };
  if ('ref' in k) {
    const id = idOf(value);
    const named = id ? names.get(`${k.ref}:${id}`) : undefined;
    return named ? { t: 'ref', zh: named.zh, en: named.en } : { t: 'text', v: String(value) };
  }
  if ('list' in k) {
    const items = (Array.isArray(value) ? value : [value]).map((v) => show(k.list, v, names, unit));
    return { t: 'list', items };
  }
  if ('group' in k && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([f, v]) => ({ field: f, after: show(k.group[f], v, names, unit) }));
    return { t: 'group', fields };
  }
  return { t: 'text', v: String(value) };
}

/** The unit a record counts its `quantity` / `enteredQuantity` in. */
function unitOf(e: StoredEvent, names: Names): Unit | null {
  const values = { ...e.before, ...e.after } as Record<string, unknown>;
  if (e.entity === 'Harvest') {
    const entered = values.enteredUnit;
    return entered === 'jin' || entered === 'ton' || entered === 'kg' ? entered : 'kg';
  }
  if (e.entity === 'Lot') {
    const unit = values.unit ?? names.get(`Lot:${e.recordId}`)?.doc.unit;
    return unit === 'head' ? 'head' : 'kg';
  }
  if (e.entity === 'Contract') {
    const unit = values.unit ?? names.get(`Contract:${e.recordId}`)?.doc.unit;
    return unit === 'head' ? 'head' : 'kg';
  }
  return null;
}

/** Where a record is opened, if the reader may open it. */
function hrefOf(user: SessionUser, entity: string, id: string, names: Names): string | null {
  const doc = names.get(`${entity}:${id}`)?.doc;
  if (!doc) return null; // a record no longer there (or never committed)
  const pages: Record<string, [action: 'read' | 'write', of: Entity, href: () => string | null]> = {
    Town: ['write', 'town', () => `/admin/towns/${id}`],
    Village: ['write', 'village', () => `/master/villages/${id}`],
    Organization: ['write', 'organization', () => `/organizations/${id}`],
    Product: ['write', 'product', () => `/master/products/${id}`],
    User: ['write', 'user', () => `/admin/users/${id}`],
    Planting: ['read', 'planting', () => `/plantings/${id}`],
    Harvest: ['read', 'planting', () => (idOf(doc.plantingId) ? `/plantings/${idOf(doc.plantingId)}` : null)],
    Lot: ['read', 'lot', () => `/lots/${encodeURIComponent(String(doc.code))}`],
    HerdEvent: ['read', 'herd', () => `/herd/events/${id}`],
    Contract: ['read', 'contract', () => `/contracts/${id}`],
  };
  const page = pages[entity];
  return page && can(user, page[0], page[1]) ? page[2]() : null;
}

/** Events as the audit page shows them, for this reader. */
export async function presentAuditEvents(events: StoredEvent[], user: SessionUser): Promise<ShownEvent[]> {
  const names = await lookUp(collectRefs(events));
  return events.map((e) => {
    const recordId = String(e.recordId);
    const record = names.get(`${e.entity}:${recordId}`) ?? { zh: e.label, en: e.label };
    const actorName = e.actor.userId ? names.get(`User:${String(e.actor.userId)}`) : undefined;
    const org = e.actor.orgId ? names.get(`Organization:${String(e.actor.orgId)}`) : undefined;
    const unit = unitOf(e, names);
    const keys = e.changed.length > 0 ? e.changed : Object.keys(e.after ?? e.before ?? {});
    const fields = keys.flatMap((field): ShownField[] => {
      const kind = ENTITY_FIELD_KINDS[e.entity]?.[field] ?? FIELD_KINDS[field];
      const after = show(kind, e.after?.[field], names, unit);
      if (e.action === 'create' || !e.before) return after.t === 'none' ? [] : [{ field, after }]; // a new record's blanks say nothing
      return [{ field, before: show(kind, e.before[field], names, unit), after }];
    });
    return {
      id: String(e.id),
      at: e.at,
      action: e.action,
      entity: e.entity,
      actor: {
        name: actorName?.zh ?? e.actor.username,
        username: e.actor.username,
        role: e.actor.role,
        org: org?.zh ?? null,
      },
      record: {
        zh: record.zh || e.label,
        en: record.en || e.label,
        href: hrefOf(user, e.entity, recordId, names),
        historyHref: `/audit?recordId=${recordId}`,
      },
      fields,
    };
  });
}
