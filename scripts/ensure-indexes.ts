// Builds every model's indexes (production runs with autoIndex off and calls this instead).
import mongoose from 'mongoose';
import '#models/index';

await mongoose.connect(process.env.MONGODB_URI!, { serverSelectionTimeoutMS: 5_000, autoIndex: false });
for (const model of Object.values(mongoose.models)) {
  await model.createIndexes();
  console.error(`[indexes] ${model.modelName}: ok`);
}
await mongoose.disconnect();
