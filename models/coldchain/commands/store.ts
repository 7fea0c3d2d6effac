// Cold stores (冷库): a place with a profile and readings, and the lots in it. A store is kept by
// a plant, a carrier or an enterprise; a lot it holds goes in and comes out (a lot is in one
// store at a time: a unique index over the moves still open).
import { z } from 'zod';
import type { Actor } from '../../kernel/audit';
import { defineCommand, found, msg, ok, refuse } from '../../kernel/command';
import type { Scope } from '../../kernel/scope';
import { createRecord } from '../../kernel/write';
import { lotScope, LotModel } from '../../lots';
import { ProductModel } from '../../town';
import { StoreFormSchema, StoreLotSchema } from '~/schemas/coldchain';
import { ColdStoreModel, emptySummary, StoreMoveModel } from '../schema';

export async function createStore(scope: Scope, input: z.infer<typeof StoreFormSchema>, actor: Actor) {
  const product = await ProductModel.findOne({ _id: input.productId, townId: scope.townId }).lean();
  if (!product) return refuse('invalid', { productId: ['v.invalidChoice'] });
  const cold = product.coldChain;
  if (cold.minC === null && cold.maxC === null)
    return refuse('invalid', { productId: [msg('shipment.noProfile', { product: product.name })] });
  if (await ColdStoreModel.exists({ townId: scope.townId, code: input.code }))
    return refuse('invalid', { code: ['store.codeUsed'] });
  const doc = await createRecord(
    ColdStoreModel,
    {
      townId: scope.townId!,
      orgId: scope.orgId!,
      code: input.code,
      name: input.name,
      address: input.address,
      profile: {
        name: product.name,
        minC: cold.minC,
        maxC: cold.maxC,
        toleranceMinutes: cold.toleranceMinutes,
        budgetMinutes: null,
        intervalMinutes: cold.intervalMinutes ?? 10,
      },
      summary: emptySummary(),
      judgeDue: null,
      judgedAt: null,
      archivedAt: null,
    },
    actor,
    { label: (d) => String(d.code) },
  );
  return ok({ id: String(doc._id), code: input.code });
}

const ownStore = (scope: Scope, code: string) =>
  ColdStoreModel.findOne({ townId: scope.townId, code, archivedAt: null, orgId: scope.orgId }).lean();

/** A lot the store's keeper holds goes in. */
export async function putLot(scope: Scope, code: string, lotCode: string, actor: Actor) {
  const store = await ownStore(scope, code);
  if (!store) return found(null);
  const lot = await LotModel.findOne({ code: lotCode, ...lotScope(scope), holderOrgId: scope.orgId }).lean();
  if (!lot || lot.status !== 'in_stock')
    return refuse('invalid', { lotCode: [msg('store.lotNotHeld', { code: lotCode })] });
  try {
    await StoreMoveModel.create({
      townId: scope.townId,
      storeId: store._id,
      lotId: lot._id,
      lotCode: lot.code,
      productName: lot.productName,
      quantity: lot.quantity,
      unit: lot.unit,
      inAt: new Date(),
      byName: actor.username,
    });
  } catch (error) {
    if ((error as { code?: number }).code === 11000)
      return refuse('conflict', { lotCode: [msg('store.lotInStore', { code: lotCode })] });
    throw error;
  }
  return ok({ lotCode });
}

/** A lot comes out of the store. */
export async function takeLot(scope: Scope, code: string, lotCode: string) {
  const store = await ownStore(scope, code);
  if (!store) return found(null);
  const res = await StoreMoveModel.updateOne(
    { storeId: store._id, lotCode, outAt: null },
    { $set: { outAt: new Date() } },
  );
  if (res.modifiedCount !== 1)
    return refuse('invalid', { lotCode: [msg('store.lotNotInStore', { code: lotCode })] });
  return ok({ lotCode });
}

export const createStoreCommand = defineCommand({
  name: 'store/create',
  permission: ['write', 'coldstore'],
  input: StoreFormSchema,
  run: (input, { scope, actor }) => createStore(scope, input, actor),
});

const StoreLot = z.intersection(
  z.object({ code: z.string().max(40), move: z.enum(['in', 'out']) }),
  StoreLotSchema,
);
export const moveStoreLotCommand = defineCommand({
  name: 'store/lot',
  permission: ['write', 'coldstore'],
  input: StoreLot,
  run: ({ code, move, lotCode }, { scope, actor }) =>
    move === 'in' ? putLot(scope, code, lotCode, actor) : takeLot(scope, code, lotCode),
});
