// Builds every model's indexes (production runs with autoIndex off and calls this instead).
import mongoose from 'mongoose';
import '#models/index';
import { connectDb } from '~/utils/db.server';

await connectDb(process.env.MONGODB_URI!);
for (const model of Object.values(mongoose.models)) {
  await model.createIndexes();
  console.error(`[indexes] ${model.modelName}: ok`);
}
await mongoose.disconnect();
