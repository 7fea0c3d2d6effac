// The field's writes as commands: a planting made, corrected, finished or reopened; a harvest
// recorded (it makes the lot: models/lots), corrected, and its yield flag checked by the town.
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, found, ok, refuse } from '../../kernel/command';
import { withId } from '../../kernel/record-commands';
import { confirmation, notesText, objectId } from '~/schemas/common';
import { HarvestSchema, PlantingSchema, type PlantingInput } from '~/schemas/planting';
import type { Scope } from '../../kernel/scope';
import { checkHarvestFlag, correctHarvest, recordHarvest, type HarvestResult } from './harvest';
import { checkPlantingRefs, createPlanting, setPlantingFinished, updatePlanting } from './index';

/** The village and the crop must be the town's, the village one the cooperative serves. */
const refsOf = (scope: Scope, input: PlantingInput) =>
  checkPlantingRefs(
    scope.townId!,
    new Types.ObjectId(input.villageId),
    new Types.ObjectId(input.productId),
    scope.orgId!,
  );

export const createPlantingCommand = defineCommand({
  name: 'planting/create',
  permission: ['write', 'planting'],
  input: PlantingSchema,
  async run(input, { scope, actor }) {
    const refs = await refsOf(scope, input);
    if (Object.keys(refs).length) return refuse('invalid', refs);
    return ok(await createPlanting({ townId: scope.townId!, orgId: scope.orgId! }, input, actor));
  },
});

/** A correction; refused once its lots have moved on, or if it would contradict its harvests. */
export const updatePlantingCommand = defineCommand({
  name: 'planting/update',
  permission: ['write', 'planting'],
  input: withId(PlantingSchema),
  async run({ id, ...input }, { scope, actor }) {
    const refs = await refsOf(scope, input);
    if (Object.keys(refs).length) return refuse('invalid', refs);
    const result = await updatePlanting(scope, new Types.ObjectId(id), input, actor);
    if (!result) return found(result);
    if (!result.ok)
      return result.field
        ? refuse('invalid', { [result.field]: [result.error] })
        : refuse('conflict', result.error);
    return found(result.value);
  },
});

/** The cooperative says a planting's harvest is over (finished: true), or not after all. */
export const finishPlantingCommand = defineCommand({
  name: 'planting/finish',
  permission: ['write', 'planting'],
  input: z.object({ id: objectId, finished: z.boolean() }),
  run: async ({ id, finished }, { scope, actor }) =>
    found(await setPlantingFinished(scope, new Types.ObjectId(id), finished, actor)),
});

const harvestAnswer = (result: HarvestResult | null) =>
  !result ? refuse('notFound', 'v.notFound') : result.ok ? ok({ lotCode: result.lotCode }) : result;

/** A harvest of a planting: its lot made and in stock. */
export const recordHarvestCommand = defineCommand({
  name: 'harvest/record',
  permission: ['write', 'harvest'],
  // the clerk's 确认保存 after being asked about a quantity far beyond the crop's yield
  input: z.intersection(HarvestSchema, z.object({ plantingId: objectId, confirmHigh: confirmation })),
  run: async ({ plantingId, confirmHigh, ...input }, { scope, actor }) =>
    harvestAnswer(
      await recordHarvest(scope, new Types.ObjectId(plantingId), input, actor, { askIfHigh: !confirmHigh }),
    ),
});

export const correctHarvestCommand = defineCommand({
  name: 'harvest/correct',
  permission: ['write', 'harvest'],
  input: withId(HarvestSchema),
  run: async ({ id, ...input }, { scope, actor }) =>
    harvestAnswer(await correctHarvest(scope, new Types.ObjectId(id), input, actor)),
});

/** An official has looked at a flagged harvest, and says what they found. */
export const checkHarvestFlagCommand = defineCommand({
  name: 'harvest/check-flag',
  permission: ['check', 'harvest'],
  input: z.object({ harvestId: objectId, note: notesText(300) }),
  run: async ({ harvestId, note }, { scope, actor }) =>
    found(await checkHarvestFlag(scope, new Types.ObjectId(harvestId), note, actor)),
});
