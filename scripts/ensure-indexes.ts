// Builds every model's indexes (production runs with autoIndex off and calls this instead).
import mongoose from 'mongoose';
import '#models/index';
import { buildIndexes } from '#models/kernel/common';
import { connectDb } from '~/utils/db.server';

await connectDb(process.env.MONGODB_URI!);
for (const name of await buildIndexes()) console.error(`[indexes] retired index dropped: ${name}`);
for (const model of Object.values(mongoose.models)) console.error(`[indexes] ${model.modelName}: ok`);
await mongoose.disconnect();
