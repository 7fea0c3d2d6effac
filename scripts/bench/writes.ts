// What durability and the operation pattern cost: a journaled majority write against an
// unacknowledged-to-disk one, and recording a harvest (an operation: plan, hold, commit,
// apply, finish) against the raw driver doing the same inserts and $inc with no guarantees.
import mongoose, { Types } from 'mongoose';
import { SYSTEM_ACTOR } from '#models/kernel/audit';
import { createPlanting, PlantingModel, recordHarvest } from '#models/field/planting';
import { createTown } from '#models/town/town';
import { createVillage } from '#models/town/village';
import { makeKudzu } from '#tests/factories';
import type { BenchCase } from './types';

const BATCH = 50;

export const writeCases: BenchCase<never>[] = [
  {
    name: `write concern: ${BATCH} inserts, majority + journal vs w:1 without journal`,
    size: 'one small document each',
    budget: 3,
    async setup() {
      return mongoose.connection.db!.collection('bench_writes') as never;
    },
    app: async (c: never) => {
      const col = c as mongoose.mongo.Collection;
      for (let i = 0; i < BATCH; i++)
        await col.insertOne({ i }, { writeConcern: { w: 'majority', j: true } });
    },
    raw: async (c: never) => {
      const col = c as mongoose.mongo.Collection;
      for (let i = 0; i < BATCH; i++) await col.insertOne({ i }, { writeConcern: { w: 1, j: false } });
    },
  },
  (() => {
    let n = 0;
    return {
      name: 'record a harvest: the operation vs the same raw writes without guarantees',
      size: 'lot + harvest + 2 audit events + planting total',
      budget: 5,
      async setup() {
        const town = await createTown(
          { name: '基准镇', code: 'BEN', county: '基准县', countyCode: '430822' },
          SYSTEM_ACTOR,
        );
        const village = await createVillage(town._id, { name: '基准村', households: 10 }, SYSTEM_ACTOR);
        const product = await makeKudzu(town._id);
        const orgId = new Types.ObjectId();
        const planting = await createPlanting(
          { townId: town._id, orgId },
          {
            villageId: String(village._id),
            productId: String(product._id),
            areaMu: 10_000,
            households: 3,
            plantedOn: '2026-03-01',
            plotName: '',
            notes: '',
          },
          SYSTEM_ACTOR,
        );
        return { townId: town._id, orgId, plantingId: planting._id } as never;
      },
      app: (ctx: never) => {
        const { townId, orgId, plantingId } = ctx as {
          townId: Types.ObjectId;
          orgId: Types.ObjectId;
          plantingId: Types.ObjectId;
        };
        return recordHarvest(
          { access: 'own', townId, orgId },
          plantingId,
          { harvestedOn: '2026-10-01', quantity: 10, unit: 'kg', grade: 'grade1', notes: `#${n++}` },
          SYSTEM_ACTOR,
        );
      },
      raw: async (ctx: never) => {
        const { townId, orgId, plantingId } = ctx as {
          townId: Types.ObjectId;
          orgId: Types.ObjectId;
          plantingId: Types.ObjectId;
        };
        const db = mongoose.connection.db!;
        const lotId = new Types.ObjectId();
        const harvestId = new Types.ObjectId();
        await db
          .collection('lotcounters')
          .updateOne({ _id: 'RAW' as never }, { $inc: { seq: 1 } }, { upsert: true });
        await PlantingModel.collection.updateOne({ _id: plantingId }, { $inc: { harvestedKg: 10 } });
        await db
          .collection('lots')
          .insertOne({ _id: lotId, townId, orgId, code: `RAW-${n++}`, quantity: 10 });
        await db
          .collection('harvests')
          .insertOne({ _id: harvestId, townId, orgId, plantingId, lotId, quantityKg: 10 });
        await db.collection('auditevents').insertMany([{ recordId: lotId }, { recordId: harvestId }]);
      },
    } as BenchCase<never>;
  })(),
];
