// Two rules of durable operations (issue 17): a run that stalls past its lease cannot go on
// writing once another has taken the operation over (and a run that works keeps its lease),
// and a one-time key is bound to its first request whatever that request's outcome.
import mongoose, { Types } from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { issueToken } from '#models/town/api-token';
import { submitDelivery, DeliveryModel } from '#models/trade/delivery';
import { defineOperation, lease, onceKey, perform } from '#models/kernel/operation';
import * as verbRoute from '~/routes/api.v1.deliveries.$id.$verb';
import * as unknownApi from '~/routes/api.$';
import * as tokens from '~/routes/account.tokens';
import { deliveryOf, deliveryWorld } from '#tests/factories/deliveries';
import { args } from '#tests/utils';

afterEach(() => {
  lease.ms = 15_000;
  lease.renew = true;
});

const counters = () =>
  mongoose.connection.db!.collection<{ _id: Types.ObjectId } & Record<string, unknown>>('leasetest');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A gate a hold waits at: the stall of a process, opened by the test. */
let gate: Promise<void> = Promise.resolve();
let openGate = () => {};
let stallNext = false;
const closeGate = () => {
  stallNext = true;
  gate = new Promise((resolve) => (openGate = resolve));
};

interface Plan {
  id: Types.ObjectId;
}
const stallingKind = defineOperation<Plan>({
  name: 'test:stalling',
  async hold(op) {
    await counters().updateOne(
      { _id: op.plan.id },
      { $inc: { first: 1 }, $push: { firstBy: op._id } } as never,
      {
        upsert: true,
      },
    );
    if (stallNext) {
      stallNext = false;
      await gate; // the process stops here (a GC pause, a frozen disk)
    }
    await counters().updateOne({ _id: op.plan.id }, {
      $inc: { second: 1 },
      $push: { secondBy: op._id },
    } as never);
    return null;
  },
  async release(op) {
    await counters().updateOne({ _id: op.plan.id, firstBy: op._id }, {
      $inc: { first: -1 },
      $pull: { firstBy: op._id },
    } as never);
    await counters().updateOne({ _id: op.plan.id, secondBy: op._id }, {
      $inc: { second: -1 },
      $pull: { secondBy: op._id },
    } as never);
  },
  async apply(op) {
    await counters().updateOne({ _id: op.plan.id }, { $inc: { applied: 1 } } as never);
  },
});

const run = (id: Types.ObjectId, key: string) =>
  perform(stallingKind, { once: onceKey('tester', key), input: { id: String(id) } }, async () => ({
    ok: true,
    plan: { id },
    value: { id: String(id) },
  }));

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 200 && !(await check()); i += 1) await sleep(10);
}

describe('leases', () => {
  it('a run stalled past its lease, taken over by a retry, writes nothing more: the retry’s write stands alone', async () => {
    lease.ms = 300;
    lease.renew = false; // the whole process is stalled: nothing renews the lease either
    closeGate();
    const id = new Types.ObjectId();
    const first = run(id, 'k'.repeat(20));
    await until(async () => (await counters().findOne({ _id: id }))?.first === 1);
    await sleep(400); // past the lease
    // the retry finds the operation abandoned: recovery undoes it (it answered no one) and the
    // same request is carried out afresh
    const retry = await run(id, 'k'.repeat(20));
    expect(retry.ok).toBe(true);
    openGate(); // the stalled run wakes up and goes on: its state changes are refused
    const original = await first;
    expect(original).toMatchObject({ ok: false, errors: { '': ['v.interrupted'] } });
    const doc = await counters().findOne({ _id: id });
    expect(doc).toMatchObject({ first: 1, second: 1, applied: 1 });
    expect(doc?.firstBy).toHaveLength(1);
  });

  it('a run that works past the lease length keeps it: a retry waits for its answer', async () => {
    lease.ms = 300;
    closeGate();
    const id = new Types.ObjectId();
    const first = run(id, 'w'.repeat(20));
    await until(async () => (await counters().findOne({ _id: id }))?.first === 1);
    await sleep(500); // longer than the lease, but the run renews it
    const retry = run(id, 'w'.repeat(20));
    await sleep(200);
    openGate();
    const [a, b] = await Promise.all([first, retry]);
    expect(a.ok && b.ok).toBe(true);
    expect(await counters().findOne({ _id: id })).toMatchObject({ first: 1, second: 1, applied: 1 });
  });
});

describe('one-time keys', () => {
  it('a key whose first request was refused stays bound to it; an empty key is refused', async () => {
    const w = await deliveryWorld();
    const input = (lotId: Types.ObjectId) => deliveryOf(w, lotId, 100);
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const sent = await submitDelivery(w.coopScope, input((await w.lot(100))._id), w.coop);
      ids.push(String((sent as { value: { id: Types.ObjectId } }).value.id));
    }
    const { token } = await issueToken(
      { townId: w.town._id, orgId: w.orgs.enterprise._id, role: 'enterprise', name: 'ERP' },
      w.ent,
    );
    const confirm = async (id: string, key: string) => {
      // a refusal at the edge is thrown as a Response, as Remix answers it
      const res = (await verbRoute
        .action(
          args(
            new Request(`http://localhost:3000/api/v1/deliveries/${id}/confirm`, {
              method: 'POST',
              headers: {
                Authorization: `Bearer ${token}`,
                'Content-Type': 'application/json',
                'Idempotency-Key': key,
              },
              body: '{}',
            }),
            { id, verb: 'confirm' },
          ),
        )
        .catch((thrown: unknown) => thrown)) as Response;
      return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
    };
    const k1 = 'first-key-000000001';
    const k2 = 'second-key-00000002';
    expect((await confirm(ids[0]!, k1)).status).toBe(200);
    // refused: already confirmed — and the key is now that request's
    expect(await confirm(ids[0]!, k2)).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect(await confirm(ids[0]!, k2)).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect(await confirm(ids[1]!, k2)).toMatchObject({
      status: 409,
      body: { error: { code: 'idempotency_conflict' } },
    });
    expect((await DeliveryModel.findById(ids[1]).lean())!.status).toBe('pending');
    // an empty key is not a missing one
    expect((await confirm(ids[1]!, '')).status).toBe(400);
    expect((await DeliveryModel.findById(ids[1]).lean())!.status).toBe('pending');
  });
});

describe('API edges', () => {
  it('an unknown API path answers the JSON error shape; the token page is never cached', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/receipts'],
      ['GET', `/api/v1/deliveries/${new Types.ObjectId()}`],
      ['POST', '/api/v2/anything'],
    ] as const) {
      const request = new Request(`http://localhost:3000${path}`, { method });
      const res = (
        method === 'GET' ? await unknownApi.loader(args(request)) : await unknownApi.action(args(request))
      ) as Response;
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Content-Type')).toMatch(/application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    const headers = new Headers(tokens.headers({} as never) as HeadersInit);
    expect(headers.get('Cache-Control')).toBe('no-store');
  });
});
