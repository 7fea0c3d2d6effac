// Loads the demo town into an empty database, crash-safely: a marker says a seed is under
// way, so a seed cut off part-way (power cut, SIGKILL) is recognised at the next start and
// done again from nothing, instead of leaving a half town that "has data".
import mongoose from 'mongoose';
import { TownModel } from '#models/town/town';
import { UserModel } from '#models/town/user';
import { buildDemoTown } from '../demo/town';

type SeedResult = 'seeded' | 'reseeded' | 'kept';

const meta = () => mongoose.connection.db!.collection<{ _id: string; state: string; at: Date }>('meta');

/** True when the database holds anything of anyone's (counted, not estimated: see 0006). */
async function hasData() {
  const [users, towns] = await Promise.all([UserModel.countDocuments(), TownModel.countDocuments()]);
  return users + towns > 0;
}

export async function seedIfEmpty(log: (line: string) => void = console.error): Promise<SeedResult> {
  const marker = await meta().findOne({ _id: 'seed' });
  const interrupted = marker?.state === 'running';
  if (interrupted) {
    // the database was empty when that seed began, and nothing is served before it ends
    log('[seed] the last seed was interrupted: the demo town is loaded again from the start');
    await mongoose.connection.dropDatabase();
    await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));
  } else if (await hasData()) {
    return 'kept';
  }
  await meta().updateOne({ _id: 'seed' }, { $set: { state: 'running', at: new Date() } }, { upsert: true });
  await buildDemoTown();
  await meta().updateOne({ _id: 'seed' }, { $set: { state: 'done', at: new Date() } });
  return interrupted ? 'reseeded' : 'seeded';
}
