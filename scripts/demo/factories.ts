// Builders for test data and the demo town. Each goes through the same model functions
// (and so the same audit path) as the app.
import type { Types } from 'mongoose';
import { SYSTEM_ACTOR } from '#models/kernel/audit';
import { createOrganization } from '#models/town/organization';
import { createProduct } from '#models/town/product';
import { createTown } from '#models/town/town';
import { createUser } from '#models/town/user';
import { createVillage } from '#models/town/village';
import {
  OrganizationSchema,
  ProductSchema,
  type OrganizationInput,
  type ProductInput,
} from '~/schemas/master-data';
import { ROLE_ORG_TYPE, type Role } from '~/schemas/roles';

let counter = 0;
const next = () => ++counter;

export async function makeTown(
  overrides: Partial<{ name: string; code: string; county: string; countyCode: string }> = {},
) {
  const n = next();
  return createTown(
    {
      name: `测试镇${n}`,
      code: `T${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + (Math.floor(n / 26) % 26))}`,
      county: '测试县',
      countyCode: '430822',
      ...overrides,
    },
    SYSTEM_ACTOR,
  );
}

export async function makeVillage(
  townId: Types.ObjectId,
  overrides: Partial<{ name: string; households: number }> = {},
) {
  return createVillage(townId, { name: `测试村${next()}`, households: 100, ...overrides }, SYSTEM_ACTOR);
}

export async function makeOrg(
  townId: Types.ObjectId | null,
  input: Partial<OrganizationInput> & Pick<OrganizationInput, 'type'> & Record<string, unknown>,
) {
  const parsed = OrganizationSchema.parse({ name: `测试组织${next()}`, ...input });
  return createOrganization(townId, parsed, SYSTEM_ACTOR);
}

export async function makeProduct(
  townId: Types.ObjectId,
  input: Partial<ProductInput> & Record<string, unknown> = {},
) {
  const parsed = ProductSchema.parse({
    code: `P${next()}`,
    name: `产品${next()}`,
    category: 'crop',
    unit: 'kg',
    ...input,
  });
  return createProduct(townId, parsed, SYSTEM_ACTOR);
}

/** Fresh kudzu root, with the expected yield of 2,000–3,000 kg per 亩 most tests rely on. */
export function makeKudzu(townId: Types.ObjectId) {
  return makeProduct(townId, {
    code: 'GG',
    name: '鲜葛根',
    category: 'crop',
    unit: 'kg',
    yieldMinKgPerMu: 2000,
    yieldMaxKgPerMu: 3000,
  });
}

export { DEMO_PASSWORD } from './accounts';
import { DEMO_PASSWORD } from './accounts';

export async function makeUser(
  org: { _id: Types.ObjectId; townId: Types.ObjectId | null; type: string },
  role: Role,
  overrides: Partial<{ username: string; displayName: string; password: string }> = {},
) {
  if (ROLE_ORG_TYPE[role] !== org.type)
    throw new Error(`role ${role} does not fit a ${org.type} organization`);
  const n = next();
  return createUser(
    {
      username: overrides.username ?? `user-${n}`,
      displayName: overrides.displayName ?? `用户${n}`,
      role,
      orgId: org._id,
      townId: org.townId,
      password: overrides.password ?? DEMO_PASSWORD,
    },
    SYSTEM_ACTOR,
  );
}

/** A small town with one organization and user per role; tests pick what they need. */
export async function makeTownWithRoles() {
  const town = await makeTown();
  const village = await makeVillage(town._id);
  const orgs = {
    government: await makeOrg(town._id, { type: 'government', name: `${town.name}人民政府` }),
    cooperative: await makeOrg(town._id, {
      type: 'cooperative',
      villageIds: [String(village._id)],
      memberHouseholds: 30,
    }),
    enterprise: await makeOrg(town._id, { type: 'enterprise', level: 'city' }),
    plant: await makeOrg(town._id, { type: 'plant', owner: '某公司' }),
    carrier: await makeOrg(town._id, { type: 'carrier' }),
    base: await makeOrg(town._id, { type: 'base', villageId: String(village._id), species: ['pig'] }),
  };
  const users = {
    official: await makeUser(orgs.government, 'official'),
    cooperative: await makeUser(orgs.cooperative, 'cooperative'),
    enterprise: await makeUser(orgs.enterprise, 'enterprise'),
    plant: await makeUser(orgs.plant, 'plant'),
    carrier: await makeUser(orgs.carrier, 'carrier'),
    base: await makeUser(orgs.base, 'base'),
  };
  return { town, village, orgs, users };
}

export async function makeAdmin() {
  const platform = await makeOrg(null, { type: 'platform', name: `平台${next()}` });
  return { platform, admin: await makeUser(platform, 'admin') };
}
