// Roles, organization types and permission strings: the one source for every enum that
// both the mongoose schemas and the zod schemas use. Client-safe (no mongoose here).

export const ROLES = ['admin', 'official', 'cooperative', 'enterprise', 'plant', 'carrier', 'base'] as const;
export type Role = (typeof ROLES)[number];

export const ORG_TYPES = [
  'platform',
  'government',
  'cooperative',
  'enterprise',
  'plant',
  'carrier',
  'base',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

/** The organization type a user of each role belongs to. */
export const ROLE_ORG_TYPE: Record<Role, OrgType> = {
  admin: 'platform',
  official: 'government',
  cooperative: 'cooperative',
  enterprise: 'enterprise',
  plant: 'plant',
  carrier: 'carrier',
  base: 'base',
};

export const ENTERPRISE_LEVELS = ['provincial', 'city', 'county'] as const;
export type EnterpriseLevel = (typeof ENTERPRISE_LEVELS)[number];

export const SPECIES = ['pig', 'cattle', 'goat', 'chicken'] as const;
export type Species = (typeof SPECIES)[number];

/**
 * Permission strings are `action:entity:access`. Access is how far the permission reaches:
 * `any` (every town), `town` (the user's town) or `own` (the user's organization).
 */
export type Access = 'any' | 'town' | 'own';
export const ENTITIES = [
  'user',
  'organization',
  'town',
  'village',
  'product',
  'audit',
  'planting',
  'harvest',
  'lot',
  'herd',
  'contract',
  'price',
  'delivery',
  'income',
  'token',
  'household', // the register of member households (personal data)
  'payout', // what an organization pays households: purchases, wages, land rent
  'dividend', // a cooperative's surplus distribution (二次返利)
  'linkage', // the 联农带农 figures: households reached and the income they received
  'dashboard', // the town's figures: dashboard, drill-down, monthly dispatch report
  'target', // the town's targets
  'problem', // the problem ledger (问题台账)
  'intake', // a plant's weigh tickets (过磅入厂)
  'run', // a plant's processing runs (生产批次)
  'shipment', // cold-chain shipments (冷链运输) with their handovers
  'coldstore', // cold stores (冷库) and the lots in them
  'reading', // temperature and humidity readings of shipments and stores
  'alert', // cold-chain alerts
  'webhook', // an organization's webhooks (企业微信 / DingTalk robots) and its outbox
] as const;
export type Entity = (typeof ENTITIES)[number];
/** What a permission allows: read, write, or a verb of its own (an official checks a flag). */
/**
 * Two-sided work has verbs of its own: the buyer `confirm`s, `dispute`s, `adjust`s and `pay`s;
 * the seller `accept`s (an adjustment, a contract) or `dispute`s it; officials `verify` chains.
 */
export type Action =
  'read' | 'write' | 'check' | 'accept' | 'confirm' | 'dispute' | 'adjust' | 'pay' | 'verify';
export type Permission = `${Action}:${Entity}:${Access}`;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    'read:user:any',
    'write:user:any',
    'read:organization:any',
    'write:organization:any',
    'read:town:any',
    'write:town:any',
    'read:village:any',
    'read:product:any',
    'read:audit:any',
  ],
  official: [
    'read:user:town',
    'read:organization:town',
    'write:organization:town',
    'read:town:town',
    'read:village:town',
    'write:village:town',
    'read:product:town',
    'write:product:town',
    'read:audit:town',
    'read:planting:town',
    'read:harvest:town',
    'check:harvest:town',
    'read:lot:town',
    'read:herd:town',
    'read:contract:town',
    'write:contract:town',
    'read:price:town',
    'write:price:town',
    'read:delivery:town',
    'verify:contract:town',
    'verify:audit:town',
    'read:income:town',
    'read:household:town',
    'write:household:town',
    'check:household:town',
    'read:payout:town',
    'read:dividend:town',
    'read:linkage:town',
    'read:dashboard:town',
    'read:target:town',
    'write:target:town',
    'read:problem:town',
    'write:problem:town',
    'check:problem:town',
    'read:intake:town',
    'read:run:town',
    'check:run:town',
    'read:shipment:town',
    'read:coldstore:town',
    'read:reading:town',
    'read:alert:town',
    'read:webhook:town',
  ],
  cooperative: [
    'read:village:town',
    'read:product:town',
    'read:planting:own',
    'write:planting:own',
    'read:harvest:own',
    'write:harvest:own',
    'read:lot:own',
    'read:contract:own',
    'accept:contract:own',
    'read:price:town',
    'read:delivery:own',
    'write:delivery:own',
    'accept:delivery:own',
    'dispute:delivery:own',
    'read:income:own',
    'read:household:own',
    'write:household:own',
    'read:payout:own',
    'write:payout:own',
    'pay:payout:own',
    'read:dividend:own',
    'write:dividend:own',
    'read:linkage:own',
    'read:problem:own',
    'write:problem:own',
    'read:intake:own',
    'read:run:own',
    'read:shipment:own',
    'read:reading:own',
  ],
  enterprise: [
    'read:product:town',
    'read:lot:own',
    'read:contract:own',
    'write:contract:own',
    'accept:contract:own',
    'read:price:town',
    'read:delivery:own',
    'confirm:delivery:own',
    'dispute:delivery:own',
    'adjust:delivery:own',
    'pay:delivery:own',
    'read:token:own',
    'write:token:own',
    'read:linkage:own',
    'read:problem:own',
    'write:problem:own',
    'read:intake:own',
    'read:run:own',
    'read:shipment:own',
    'confirm:shipment:own',
    'read:reading:own',
    'read:alert:own',
    'read:webhook:own',
    'write:webhook:own',
  ],
  plant: [
    'read:village:town',
    'read:product:town',
    'read:lot:own',
    'read:intake:own',
    'write:intake:own',
    'read:run:own',
    'write:run:own',
    'read:token:own',
    'write:token:own',
    'read:payout:own',
    'write:payout:own',
    'pay:payout:own',
    'read:shipment:own',
    'read:coldstore:own',
    'write:coldstore:own',
    'read:reading:own',
    'write:reading:own',
    'read:alert:own',
    'read:webhook:own',
    'write:webhook:own',
  ],
  carrier: [
    'read:product:town',
    'read:lot:own',
    'read:shipment:own',
    'write:shipment:own',
    'read:coldstore:own',
    'write:coldstore:own',
    'read:reading:own',
    'write:reading:own',
    'read:alert:own',
    'read:webhook:own',
    'write:webhook:own',
    'read:token:own',
    'write:token:own',
  ],
  base: [
    'read:village:town',
    'read:product:town',
    'read:herd:own',
    'write:herd:own',
    'read:lot:own',
    'read:contract:own',
    'accept:contract:own',
    'read:price:town',
    'read:delivery:own',
    'write:delivery:own',
    'accept:delivery:own',
    'dispute:delivery:own',
    'read:income:own',
    'read:payout:own',
    'write:payout:own',
    'pay:payout:own',
  ],
};

const ACCESS_RANK: Record<Access, number> = { own: 1, town: 2, any: 3 };

/** The widest access a role has for an action on an entity, or null. */
export function accessFor(role: Role, action: Action, entity: Entity): Access | null {
  let best: Access | null = null;
  for (const permission of ROLE_PERMISSIONS[role]) {
    const [a, e, access] = permission.split(':') as [Action, Entity, Access];
    if (a === action && e === entity && (!best || ACCESS_RANK[access] > ACCESS_RANK[best])) best = access;
  }
  return best;
}
