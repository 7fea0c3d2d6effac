// The API for enterprise systems (issue 9): tokens shown once, stored hashed and revocable;
// the pending list; confirm, dispute and adjust with Idempotency-Key; JSON errors.
import { describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { ApiTokenModel, issueToken, revokeToken } from '#models/town/api-token';
import { DeliveryModel, submitDelivery } from '#models/trade/delivery';
import { LedgerEntryModel } from '#models/kernel/ledger';
import * as verbRoute from '~/routes/api.v1.deliveries.$id.$verb';
import * as listRoute from '~/routes/api.v1.deliveries._index';
import * as tokensPage from '~/routes/account.tokens';
import { deliveryWorld } from '#tests/factories/deliveries';
import { args, callRoute, expectThrownStatus, payloadOf, requestAs } from '#tests/utils';

async function world() {
  const w = await deliveryWorld();
  const { token } = await issueToken(
    { townId: w.town._id, orgId: w.orgs.enterprise._id, role: 'enterprise', name: 'ERP' },
    w.ent,
  );
  const deliver = async (kg: number) => {
    const lot = await w.lot(kg);
    const r = await submitDelivery(
      w.coopScope,
      {
        contractId: w.contract._id,
        deliveredOn: '2026-10-20',
        weighTicket: `T${new Types.ObjectId().toHexString().slice(-10)}`,
        grade: 'grade1',
        moisturePct: 10,
        impurityPct: 1,
        lines: [{ lotId: lot._id, quantity: kg }],
      },
      w.coop,
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    return String(r.value.id);
  };
  return { ...w, token, deliver };
}

const call = callRoute;

const post = (id: string, verb: string, init: Parameters<typeof call>[4]) =>
  call(verbRoute, 'POST', `/api/v1/deliveries/${id}/${verb}`, { id, verb }, init);

describe('API for enterprise systems', () => {
  it('lists pending deliveries and confirms once, whatever the retries', async () => {
    const w = await world();
    const [a, b] = [await w.deliver(100), await w.deliver(200)];
    const list = await call(listRoute, 'GET', '/api/v1/deliveries?status=pending', {}, { token: w.token });
    expect(list.status).toBe(200);
    expect(list.body.data.map((d: { id: string }) => d.id).sort()).toEqual([a, b].sort());
    expect(list.body.data[0]).toMatchObject({
      status: 'pending',
      unit: 'kg',
      submitted: { unitFen: expect.any(Number) },
    });

    // the same key and body: the first answer, one receipt
    const key = { 'Idempotency-Key': 'erp-confirm-000000000001' };
    const first = await post(a, 'confirm', { token: w.token, body: '{}', headers: key });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({
      id: a,
      status: 'confirmed',
      receipt: { number: expect.stringMatching(/-PZ-/) },
    });
    const again = await post(a, 'confirm', { token: w.token, body: '{}', headers: key });
    expect(again).toEqual(first);
    expect(await LedgerEntryModel.countDocuments({ deliveryId: new Types.ObjectId(a) })).toBe(1);
    // the same key for another request: 409, nothing changes
    const reused = await post(b, 'confirm', { token: w.token, body: '{}', headers: key });
    expect(reused).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });
    expect((await DeliveryModel.findById(b).lean())!.status).toBe('pending');
    // without a key, a second confirmation is a conflict with a clear message
    const twice = await post(a, 'confirm', { token: w.token, body: '{}' });
    expect(twice).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', message: expect.stringMatching(/confirmed already/) } },
    });

    // adjust with bad values: 422 naming the field; a good one: adjusted
    const bad = await post(b, 'adjust', {
      token: w.token,
      body: JSON.stringify({ quantity: 500, grade: 'grade1', reason: 'x' }),
    });
    expect(bad).toMatchObject({
      status: 422,
      body: {
        error: {
          code: 'validation_failed',
          details: { quantity: [expect.stringMatching(/more than delivered/)] },
        },
      },
    });
    const wrongType = await post(b, 'adjust', {
      token: w.token,
      body: JSON.stringify({ quantity: '190', grade: 'grade9', reason: 'x' }),
    });
    expect(wrongType.status).toBe(422);
    expect(Object.keys(wrongType.body.error.details).sort()).toEqual(['grade', 'quantity']);
    const adjusted = await post(b, 'adjust', {
      token: w.token,
      body: JSON.stringify({
        quantity: 190,
        grade: 'grade2',
        moisturePct: 10,
        impurityPct: 1,
        reason: '复磅',
      }),
      headers: { 'Idempotency-Key': 'erp-adjust-0000000000001' },
    });
    expect(adjusted).toMatchObject({ status: 200, body: { data: { status: 'adjusted' } } });
    const repeat = await post(b, 'adjust', {
      token: w.token,
      body: JSON.stringify({
        quantity: 190,
        grade: 'grade2',
        moisturePct: 10,
        impurityPct: 1,
        reason: '复磅',
      }),
      headers: { 'Idempotency-Key': 'erp-adjust-0000000000001' },
    });
    expect(repeat).toEqual(adjusted);
    expect((await DeliveryModel.findById(b).lean())!.adjustment).toMatchObject({ quantity: 190 });
  });

  it('answers bad calls with JSON errors and changes nothing', async () => {
    const w = await world();
    const id = await w.deliver(100);
    const noToken = await post(id, 'confirm', { body: '{}' });
    expect(noToken).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect((await post(id, 'confirm', { token: 'xl_' + 'a'.repeat(43), body: '{}' })).status).toBe(401);
    expect((await post(id, 'confirm', { token: w.token, body: 'not json' })).body.error.code).toBe(
      'invalid_json',
    );
    expect((await post(id, 'confirm', { token: w.token, body: '[]' })).status).toBe(400);
    expect(
      (
        await post(id, 'confirm', {
          token: w.token,
          body: 'reason=x',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(415);
    expect(
      (await post(id, 'confirm', { token: w.token, body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }) }))
        .status,
    ).toBe(413);
    expect(
      (await post(id, 'confirm', { token: w.token, body: JSON.stringify({ force: true }) })).status,
    ).toBe(422);
    expect((await post(id, 'dispute', { token: w.token, body: JSON.stringify({ reason: '' }) })).status).toBe(
      422,
    );
    expect(
      (await post(id, 'confirm', { token: w.token, body: '{}', headers: { 'Idempotency-Key': 'short' } }))
        .status,
    ).toBe(400);
    expect(
      (await post(new Types.ObjectId().toHexString(), 'confirm', { token: w.token, body: '{}' })).status,
    ).toBe(404);
    expect((await post('not-an-id', 'confirm', { token: w.token, body: '{}' })).status).toBe(404);
    expect((await post(id, 'delete', { token: w.token, body: '{}' })).status).toBe(404);
    expect(
      (await call(listRoute, 'GET', '/api/v1/deliveries?status=bogus', {}, { token: w.token })).status,
    ).toBe(400);
    expect((await DeliveryModel.findById(id).lean())!.status).toBe('pending');

    // another enterprise's token does not reach this delivery
    const other = await deliveryWorld();
    const { token: otherToken } = await issueToken(
      { townId: other.town._id, orgId: other.orgs.enterprise._id, role: 'enterprise', name: 'X' },
      other.ent,
    );
    expect((await post(id, 'confirm', { token: otherToken, body: '{}' })).status).toBe(404);

    // a revoked or expired token: 401, and the delivery is untouched
    const stored = (await ApiTokenModel.findOne({ orgId: w.orgs.enterprise._id }).lean())!;
    expect(stored.tokenHash).not.toContain(w.token);
    await revokeToken(w.orgs.enterprise._id, stored._id, w.ent);
    expect(await post(id, 'confirm', { token: w.token, body: '{}' })).toMatchObject({
      status: 401,
      body: { error: { message: 'The token is revoked' } },
    });
    const { token: old } = await issueToken(
      {
        townId: w.town._id,
        orgId: w.orgs.enterprise._id,
        role: 'enterprise',
        name: 'old',
        expiresAt: new Date(Date.now() - 1000),
      },
      w.ent,
    );
    expect((await post(id, 'confirm', { token: old, body: '{}' })).body.error.message).toBe(
      'The token is expired',
    );
    expect((await DeliveryModel.findById(id).lean())!.status).toBe('pending');
  });

  it('an enterprise user issues a token shown once; other roles cannot', async () => {
    const w = await world();
    const res = payloadOf<{ token: string }>(
      await tokensPage.action(
        args(
          await requestAs(w.users.enterprise, '/account/tokens', {
            form: { intent: 'issue', name: '过磅系统' },
          }),
        ),
      ),
    );
    expect(res.token).toMatch(/^xl_/);
    const page = payloadOf<{ tokens: Array<{ name: string; prefix: string }> }>(
      await tokensPage.loader(args(await requestAs(w.users.enterprise, '/account/tokens'))),
    );
    expect(page.tokens.map((t) => t.name)).toContain('过磅系统');
    expect(JSON.stringify(page)).not.toContain(res.token);
    await expectThrownStatus(
      tokensPage.loader(args(await requestAs(w.users.cooperative, '/account/tokens'))),
      403,
    );
    await expectThrownStatus(
      tokensPage.action(
        args(await requestAs(w.users.official, '/account/tokens', { form: { intent: 'issue', name: 'x' } })),
      ),
      403,
    );
  });
});
