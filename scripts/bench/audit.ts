// An official browsing a town's audit trail (newest page, and filtered by record type).
import { Types } from 'mongoose';
import { AuditEventModel, listAuditEvents } from '#models/kernel/audit';
import type { BenchCase } from './types';

const EVENTS = 200_000;

async function seed() {
  const townId = new Types.ObjectId();
  const entities = ['Planting', 'Harvest', 'Lot', 'HerdEvent', 'Village'];
  const start = Date.UTC(2020, 0, 1);
  const docs = Array.from({ length: EVENTS }, (_, i) => ({
    at: new Date(start + i * 600_000),
    actor: { userId: null, username: `user-${i % 50}`, role: 'cooperative', orgId: null, townId },
    action: 'create',
    entity: entities[i % 5],
    recordId: new Types.ObjectId(),
    townId,
    label: `record ${i}`,
    before: null,
    after: { n: i },
    changed: ['n'],
  }));
  for (let i = 0; i < docs.length; i += 20_000)
    await AuditEventModel.collection.insertMany(docs.slice(i, i + 20_000));
  return { townId };
}

let seeded: Promise<{ townId: Types.ObjectId }> | undefined;
const shared = () => (seeded ??= seed());

export const auditCases: BenchCase<{ townId: Types.ObjectId }>[] = [
  {
    name: 'audit trail of a town, newest page of 50 with count',
    size: `${EVENTS.toLocaleString()} events`,
    budget: 3,
    setup: shared,
    app: ({ townId }) => listAuditEvents({ townId, page: 3 }),
    raw: ({ townId }) =>
      Promise.all([
        AuditEventModel.collection.find({ townId }).sort({ at: -1 }).skip(100).limit(50).toArray(),
        AuditEventModel.collection.countDocuments({ townId }),
      ]),
  },
  {
    name: 'audit trail of a town filtered by record type',
    size: `${EVENTS.toLocaleString()} events`,
    budget: 3,
    setup: shared,
    app: ({ townId }) => listAuditEvents({ townId, entity: 'Harvest' }),
    raw: ({ townId }) =>
      Promise.all([
        AuditEventModel.collection.find({ townId, entity: 'Harvest' }).sort({ at: -1 }).limit(50).toArray(),
        AuditEventModel.collection.countDocuments({ townId, entity: 'Harvest' }),
      ]),
  },
];
