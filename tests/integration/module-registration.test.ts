// A new part of the chain arrives as a module that edits no kernel file (issue 18, decision
// 0012): the tests' own module (tests/modules/tally) registers a model, a fact and a check, and
// the kernel's write path, facts engine and db:check take them up.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { SYSTEM_ACTOR } from '#models/kernel/audit';
import { checkDatabase } from '#models/kernel/checks';
import { checkFacts, FactMarkModel, FactModel, readFacts } from '#models/kernel/facts';
import { createRecord, updateRecord } from '#models/kernel/write';
import { TallyNoteModel, tallyFacts } from '#tests/modules/tally';

const KERNEL = path.resolve(__dirname, '../../models/kernel');

describe('a module registered from outside the kernel', () => {
  it('no kernel file names it', () => {
    for (const file of fs.readdirSync(KERNEL)) {
      const text = fs.readFileSync(path.join(KERNEL, file), 'utf8');
      expect([file, /\btally\b|TallyNote/i.test(text)]).toEqual([file, false]);
    }
  });

  it('its fact follows its records through the kernel write path', async () => {
    const townId = new Types.ObjectId();
    const actor = { ...SYSTEM_ACTOR, townId };
    await createRecord(TallyNoteModel, { townId, on: '2026-03-01', count: 3 }, actor);
    const second = await createRecord(TallyNoteModel, { townId, on: '2026-07-09', count: 4 }, actor);
    await createRecord(TallyNoteModel, { townId, on: '2025-12-31', count: 10 }, actor);
    const byYear = async () =>
      Object.fromEntries((await readFacts(townId, tallyFacts)).map((f) => [f.year, f.rows[0]?.total ?? 0]));
    expect(await byYear()).toEqual({ 2025: 10, 2026: 7 });
    // an update through the kernel marks the fact again: the next read adds it up anew
    await updateRecord(TallyNoteModel, { _id: second._id }, { count: 40 }, actor);
    expect(await byYear()).toEqual({ 2025: 10, 2026: 43 });
    // once the grace after the last write has passed (its marks gone), db:check compares them
    await FactMarkModel.deleteMany({ townId });
    expect(await checkFacts(townId)).toEqual([]);
    // a stored figure that no longer agrees with its records is caught
    await FactModel.updateOne({ townId, source: 'tally', year: 2026 }, { $set: { 'rows.0.total': 1 } });
    expect(await checkFacts(townId)).toEqual([
      { key: expect.objectContaining({ source: 'tally', year: 2026 }), problem: 'differs' },
    ]);
  });

  it('db:check runs its check beside the kernel’s own', async () => {
    const townId = new Types.ObjectId();
    const actor = { ...SYSTEM_ACTOR, townId };
    await createRecord(TallyNoteModel, { townId, on: '2026-03-01', count: 3 }, actor);
    expect((await checkDatabase()).problems.filter((p) => p.check.startsWith('tally'))).toEqual([]);
    const broken = await TallyNoteModel.collection.insertOne({ townId, on: '2026-04-01', count: -2 });
    const found = (await checkDatabase()).problems.map((p) => p.check);
    expect(found).toContain('tally-negative');
    // written around the audited path: the kernel's audit-trail check notices that too
    expect(found.some((c) => c.startsWith('audit'))).toBe(true);
    await TallyNoteModel.collection.deleteOne({ _id: broken.insertedId });
  });
});
