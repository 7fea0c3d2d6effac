// The trade module's writes of contracts, amendments and market prices as commands (the
// deliveries' are in ./delivery/commands/): from their forms' values (yuan, a schedule typed
// as text) to what the writes take, with the checks that need the caller's town.
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, ok, refuse } from '../kernel/command';
import { withId } from '../kernel/record-commands';
import type { Scope } from '../kernel/scope';
import { OrganizationModel } from '../town/organization';
import { isTownProduct, ProductModel } from '../town/product';
import { TownModel } from '../town/town';
import { GRADES, gradeKindField, gradeYuanField, parseSchedule } from '~/domain/contract';
import { yuanToFen } from '~/domain/herd';
import type { GradeTerm } from '~/domain/pricing';
import { objectId } from '~/schemas/common';
import {
  AmendSchema,
  ContractSchema,
  RefuseAmendmentSchema,
  TerminateSchema,
  type ContractInput,
} from '~/schemas/contract';
import { PriceSchema } from '~/schemas/price';
import type { OrgType } from '~/schemas/roles';
import { answerAmendment, proposeAmendment } from './amendment';
import { acceptContract, createContract, getContract, terminateContract, type NewContract } from './contract';
import { setPrice } from './price';

const SELLER_TYPES: OrgType[] = ['cooperative', 'base'];

/**
 * The contract the form describes, checked against the town: the seller a cooperative or the
 * base, the buyer an enterprise (the user's own when an enterprise writes it), the product in
 * the catalog. Field errors when not.
 */
async function contractFromInput(
  scope: Scope,
  role: string,
  input: ContractInput,
): Promise<
  { ok: true; contract: NewContract; townCode: string } | { ok: false; errors: Record<string, string[]> }
> {
  const buyerId = role === 'enterprise' ? String(scope.orgId) : input.buyerOrgId;
  const errors: Record<string, string[]> = {};
  if (!buyerId) errors.buyerOrgId = ['v.required'];
  const townId = scope.townId!;
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

/** A contract written by an official or by the enterprise that buys (then accepted as buyer). */
export const createContractCommand = defineCommand({
  name: 'contract/create',
  permission: ['write', 'contract'],
  input: ContractSchema,
  async run(input, { scope, actor }) {
    const checked = await contractFromInput(scope, actor.role, input);
    if (!checked.ok) return refuse('invalid', checked.errors);
    const acceptedBy = actor.role === 'enterprise' ? 'buyer' : null;
    return ok(await createContract(checked.contract, checked.townCode, actor, acceptedBy));
  },
});

const byId = (id: string) => new Types.ObjectId(id);

/** A party accepts a draft; once both have, it is active. */
export const acceptContractCommand = defineCommand({
  name: 'contract/accept',
  permission: ['accept', 'contract'],
  input: z.object({ id: objectId }),
  async run({ id }, { scope, actor }) {
    const contract = await getContract(scope, byId(id));
    if (!contract) return refuse('notFound', 'v.notFound');
    const side = contract.buyerOrgId === String(scope.orgId) ? 'buyer' : 'seller';
    const saved = await acceptContract(scope, byId(id), side, actor);
    return saved ? ok({ status: saved.status }) : refuse('conflict', 'v.concurrentChange');
  },
});

/** Ends a contract, with a reason: a party (accepting contracts) or an official (writing them). */
const terminateAs = (action: 'accept' | 'write') =>
  defineCommand({
    name: 'contract/terminate',
    permission: [action, 'contract'],
    input: withId(TerminateSchema),
    async run({ id, reason }, { scope, actor }) {
      const done = await terminateContract(scope, byId(id), reason, actor);
      return done ? ok(true) : refuse('conflict', 'v.concurrentChange');
    },
  });
export const terminateContractCommand = terminateAs('accept');
export const terminateContractAsOfficialCommand = terminateAs('write');

/** A party proposes new terms of an active contract; the other party answers. */
export const proposeAmendmentCommand = defineCommand({
  name: 'amendment/propose',
  permission: ['accept', 'contract'],
  input: withId(AmendSchema),
  run({ id, reason, ...v }, { scope, actor }) {
    const plan = parseSchedule(v.schedule);
    const wanted = {
      committedQty: v.committedQty,
      windowEnd: v.windowEnd,
      floorFen: yuanToFen(v.floorYuan),
      overageAllowed: v.overageAllowed,
      schedule: plan.ok ? plan.lines : [],
    };
    return proposeAmendment(scope, byId(id), wanted, reason, actor);
  },
});

const answer = (name: string, schema: z.ZodType<{ reason?: string }>, accept: boolean) =>
  defineCommand({
    name,
    permission: ['accept', 'contract'],
    input: z.intersection(schema, z.object({ id: objectId, amendmentId: objectId })),
    run: ({ id, amendmentId, reason }, { scope, actor }) =>
      answerAmendment(
        scope,
        byId(id),
        byId(amendmentId),
        accept ? { accept: true } : { accept: false, reason: reason ?? '' },
        actor,
      ),
  });

/** The other party accepts the proposed terms (the contract changes) or refuses them, saying why. */
export const acceptAmendmentCommand = answer('amendment/accept', z.object({}), true);
export const refuseAmendmentCommand = answer('amendment/refuse', RefuseAmendmentSchema, false);

/** A day's market price of a product of the town, entered by hand. */
export const setPriceCommand = defineCommand({
  name: 'price/set',
  permission: ['write', 'price'],
  input: PriceSchema,
  async run({ productId, day, yuan, note }, { scope, actor }) {
    if (!(await isTownProduct(scope.townId, productId)))
      return refuse('invalid', { productId: ['contract.productChoice'] });
    const input = { productId: byId(productId), day, fen: yuanToFen(yuan), source: 'manual' as const, note };
    return ok(await setPrice(scope.townId!, input, actor));
  },
});
