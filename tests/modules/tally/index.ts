// A module that exists only in the tests (issue 18): it registers a model, a fact and a check the
// way models/<module>/ does, and no kernel file knows its name. If a new part of the chain needed
// an edit of the kernel, this module could not work.
import { Schema, Types } from 'mongoose';
import { defineModel } from '#models/kernel/common';
import { auditedModels, defineCheck, type Problem } from '#models/kernel/checks';
import { defineFact, TOWN, type FactKey } from '#models/kernel/facts';

export interface TallyNote {
  townId: Types.ObjectId;
  on: string; // YYYY-MM-DD
  count: number;
}

const tallySchema = new Schema<TallyNote>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    on: { type: String, required: true },
    count: { type: Number, required: true },
  },
  { timestamps: true },
);
export const TallyNoteModel = defineModel('TallyNote', tallySchema);
auditedModels('TallyNote');

const keyOf = (townId: Types.ObjectId, on: string): FactKey => ({
  townId,
  source: 'tally',
  year: Number(on.slice(0, 4)),
  part: TOWN,
});

/** The notes' counts added up per town and year. */
export const tallyFacts = defineFact<{ total: number; notes: number }>({
  source: 'tally',
  records: { TallyNote: (doc) => [keyOf(doc.townId, String(doc.on))] },
  fields: ['townId', 'on'],
  async compute(key) {
    const notes = await TallyNoteModel.find({
      townId: key.townId,
      on: { $gte: `${key.year}-01-01`, $lte: `${key.year}-12-31` },
    }).lean();
    if (!notes.length) return { rows: [], lastAt: null };
    const total = notes.reduce((sum, n) => sum + n.count, 0);
    return { rows: [{ total, notes: notes.length }], lastAt: null };
  },
  async keysFromRecords(townId) {
    const days = await TallyNoteModel.distinct('on', { townId });
    return [...new Set(days.map((d) => d.slice(0, 4)))].map((y) => keyOf(townId, `${y}-01-01`));
  },
});

/** A count is never below zero. */
export const tallyCheck = defineCheck({
  name: 'tally',
  async run() {
    const bad = await TallyNoteModel.find({ count: { $lt: 0 } }).lean();
    return bad.map((n): Problem => ({
      check: 'tally-negative',
      record: `TallyNote ${String(n._id)}`,
      message: `count ${n.count} is below zero`,
    }));
  },
});
