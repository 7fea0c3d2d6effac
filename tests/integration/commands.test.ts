// The command layer (issue 18): every caller of a command goes through one permission check and
// one input check, and what it is told follows from the refusal's code, never from a message.
import { describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { execute, refuse, type Caller } from '#models/kernel/command';
import { onceKey } from '#models/kernel/operation';
import {
  DeliveryModel,
  confirmDeliveryCommand,
  disputeDeliveryCommand,
  payDeliveryCommand,
  submitDelivery,
} from '#models/trade/delivery';
import { LedgerEntryModel } from '#models/kernel/ledger';
import { apiRefusal } from '~/utils/commands.server';
import { actorFor, deliveryWorld } from '#tests/factories/deliveries';

type World = Awaited<ReturnType<typeof deliveryWorld>>;
type WorldUser = World['users']['enterprise'];

const callerFor = (user: WorldUser, key?: string): Caller => {
  const actor = actorFor(user);
  return {
    role: user.role as Caller['role'],
    townId: user.townId,
    orgId: user.orgId,
    actor: { ...actor, once: key ? onceKey(user._id, key) : undefined },
    person: { name: user.username, org: '' },
  };
};

async function pendingDelivery(w: World) {
  const lot = await w.lot(800);
  const scope = { access: 'own' as const, townId: w.town._id, orgId: w.orgs.cooperative._id };
  const made = await submitDelivery(
    scope,
    {
      contractId: w.contract._id,
      deliveredOn: '2026-10-20',
      weighTicket: `BD-${new Types.ObjectId().toHexString().slice(-8)}`,
      grade: 'grade1',
      moisturePct: 14,
      impurityPct: 2,
      lines: [{ lotId: lot._id, quantity: 800 }],
    },
    actorFor(w.users.cooperative),
  );
  if (!made.ok) throw new Error(JSON.stringify(made));
  return String(made.value.id);
}

const changes = async () => ({
  deliveries: await DeliveryModel.find().select('status statusAt').lean(),
  entries: await LedgerEntryModel.countDocuments(),
});

describe('commands', () => {
  it('a role without the permission is refused before anything is read, and nothing changes', async () => {
    const w = await deliveryWorld();
    const id = await pendingDelivery(w);
    const before = await changes();
    // the seller may not confirm its own delivery: the permission is the buyer's
    const outcome = await execute(confirmDeliveryCommand, callerFor(w.users.cooperative), { id });
    expect(outcome).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await changes()).toEqual(before);
    const res = apiRefusal(outcome as never);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('input that breaks the schema is refused with field errors; a forged id is not found', async () => {
    const w = await deliveryWorld();
    const id = await pendingDelivery(w);
    const buyer = callerFor(w.users.enterprise);
    const before = await changes();

    const bad = await execute(confirmDeliveryCommand, buyer, { id: 'not-an-id' });
    expect(bad).toMatchObject({ ok: false, code: 'invalid', errors: { id: ['v.invalidChoice'] } });
    const empty = await execute(disputeDeliveryCommand, buyer, { id, reason: '' });
    expect(empty).toMatchObject({ ok: false, code: 'invalid', errors: { reason: ['v.required'] } });

    // an id that exists nowhere, and one of a delivery another buyer receives, look the same
    const forged = await execute(confirmDeliveryCommand, buyer, { id: new Types.ObjectId().toHexString() });
    expect(forged).toMatchObject({ ok: false, code: 'notFound' });
    const other = await deliveryWorld();
    const theirs = await execute(confirmDeliveryCommand, callerFor(other.users.enterprise), { id });
    expect(theirs).toMatchObject({ ok: false, code: 'notFound' });
    expect(await changes()).toEqual(before);
  });

  it('a state conflict and a reused key are refusals with their own codes, never a throw', async () => {
    const w = await deliveryWorld();
    const id = await pendingDelivery(w);
    const key = 'command-test-key-0001';
    const first = await execute(confirmDeliveryCommand, callerFor(w.users.enterprise, key), { id });
    expect(first.ok).toBe(true);
    // the same key and the same request: the first answer again, nothing written twice
    const again = await execute(confirmDeliveryCommand, callerFor(w.users.enterprise, key), { id });
    expect(again).toEqual(first);
    expect(await LedgerEntryModel.countDocuments({ kind: 'receipt' })).toBe(1);
    // without a key, confirming again meets a delivery that has moved on
    const late = await execute(confirmDeliveryCommand, callerFor(w.users.enterprise), { id });
    expect(late).toMatchObject({
      ok: false,
      code: 'conflict',
      errors: { '': ['delivery.alreadyConfirmed'] },
    });
    // the same key with another request (a payment) is a reused key
    const reused = await execute(payDeliveryCommand, callerFor(w.users.enterprise, key), {
      id,
      amountYuan: 10,
      paidOn: '2026-10-21',
      method: 'bank',
      reference: '',
      confirmRepeat: false,
    });
    expect(reused).toMatchObject({ ok: false, code: 'keyReused' });
    expect(await LedgerEntryModel.countDocuments({ kind: 'payment' })).toBe(0);
  });

  it('the API status follows the code alone: any message, the same status', async () => {
    const cases = [
      ['invalid', 422, 'validation_failed'],
      ['notFound', 404, 'not_found'],
      ['forbidden', 403, 'forbidden'],
      ['conflict', 409, 'conflict'],
      ['keyReused', 409, 'idempotency_conflict'],
    ] as const;
    for (const [code, status, apiCode] of cases) {
      for (const message of ['delivery.notPending', 'some.renamedKey', 'v.interrupted']) {
        const res = apiRefusal(refuse(code, message), 'delivery');
        expect([code, message, res.status]).toEqual([code, message, status]);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe(apiCode);
      }
    }
  });
});
