// What `npm run db:check` verifies of lot codes: every code a counter issued is below its
// counter, whichever module draws codes from the counters (`codesFrom`).
import type mongoose from 'mongoose';
import { auditedModels, defineCheck, type Problem } from '../kernel/checks';
import { LotCounterModel, LotModel } from './lot';

auditedModels('Lot');

const coded: Array<{ model: mongoose.Model<never>; field: string }> = [];

/** Says that a model's records carry codes drawn from the lot counters (checked against them). */
export function codesFrom(model: mongoose.Model<never>, field: string) {
  if (!coded.some((c) => c.model === model && c.field === field)) coded.push({ model, field });
}
codesFrom(LotModel as never, 'code');

/** Every code a counter issued is below its counter: the next code is never one in use. */
async function codeCounters(): Promise<Problem[]> {
  const problems: Problem[] = [];
  const used = new Map<string, number>();
  const note = (code: string) => {
    const m = /^(.*)-(\d+)$/.exec(code);
    if (m) used.set(m[1], Math.max(used.get(m[1]) ?? 0, Number(m[2])));
  };
  for (const { model, field } of coded)
    for await (const d of model.find().select(field).lean().cursor())
      note(String((d as Record<string, unknown>)[field]));
  const counters = new Map((await LotCounterModel.find().lean()).map((c) => [c._id, c.seq]));
  for (const [prefix, max] of used) {
    const seq = counters.get(prefix) ?? 0;
    if (seq < max) {
      problems.push({
        check: 'code-counter',
        record: prefix,
        message: `counter at ${seq} but ${prefix}-${String(max).padStart(3, '0')} is in use`,
        repair: async () => {
          await LotCounterModel.updateOne({ _id: prefix }, { $max: { seq: max } }, { upsert: true });
          return `counter moved to ${max}`;
        },
      });
    }
  }
  return problems;
}

defineCheck({ name: 'lot-codes', run: () => codeCounters() });
