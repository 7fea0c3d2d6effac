// The devices' API (issue 21): a carrier's device token posts readings; a batch of 1,000 posted
// three times is stored once; every bad request is a JSON error with its status, writing nothing.
import { describe, expect, it } from 'vitest';
import { issueToken, revokeToken } from '#models/town/api-token';
import { ReadingModel, arriveShipment, receiveShipment } from '#models/coldchain';
import * as readingsRoute from '~/routes/api.v1.readings';
import { coldWorld } from '#tests/factories/coldchain';
import { callRoute } from '#tests/utils';

const MIN = 60_000;
const post = (token: string, body: unknown) =>
  callRoute(
    readingsRoute,
    'POST',
    '/api/v1/readings',
    {},
    { token, body: typeof body === 'string' ? body : JSON.stringify(body) },
  );

async function world() {
  const w = await coldWorld();
  const device = await issueToken(
    { townId: w.town._id, orgId: w.orgs.carrier._id, role: 'carrier', name: '记录仪' },
    w.carrier,
  );
  const ent = await issueToken(
    { townId: w.town._id, orgId: w.orgs.enterprise._id, role: 'enterprise', name: 'ERP' },
    w.ent,
  );
  const s = await w.shipAndDepart(new Date(Date.now() - 20 * 3600_000));
  return { ...w, device, ent, s };
}

const batch = (n: number, from = Date.now() - 19 * 3600_000) =>
  Array.from({ length: n }, (_, i) => ({
    at: new Date(from + i * MIN).toISOString(),
    tempC: 13 + (i % 10) / 10,
    humidity: 88,
  }));

describe('POST /api/v1/readings', () => {
  it('a batch of 1,000 posted three times stores its readings once', async () => {
    const w = await world();
    const body = { shipment: w.s.code, readings: batch(1000) };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await post(w.device.token, body));
    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [200, { received: 1000, new: 1000 }],
      [200, { received: 1000, new: 0 }],
      [200, { received: 1000, new: 0 }],
    ]);
    expect(await ReadingModel.countDocuments({ m: w.s.id, src: 'device' })).toBe(1000);
    // one reading alone, with its zone
    const one = await post(w.device.token, {
      shipment: w.s.code.toLowerCase(),
      at: new Date(Date.now() - MIN).toISOString(),
      tempC: 13.1,
    });
    expect(one).toEqual({ status: 200, body: { received: 1, new: 1 } });
  });

  it('refuses, writing nothing: bad values, malformed JSON, too many, a bad token, another carrier, a closed trip', async () => {
    const w = await world();
    const before = await ReadingModel.countDocuments();
    const at = new Date(Date.now() - 60 * MIN).toISOString();
    const cases: Array<[unknown, number, string]> = [
      [{ shipment: w.s.code, readings: [{ at, tempC: -61 }] }, 422, 'validation_failed'],
      [{ shipment: w.s.code, readings: [{ at, tempC: 81 }] }, 422, 'validation_failed'],
      [{ shipment: w.s.code, readings: [{ at, tempC: 10, humidity: 101 }] }, 422, 'validation_failed'],
      [{ shipment: w.s.code, readings: [{ at, tempC: '13' }] }, 422, 'validation_failed'],
      [{ shipment: w.s.code, readings: [{ at: '2026-11-08 07:30', tempC: 13 }] }, 422, 'validation_failed'],
      [
        { shipment: w.s.code, readings: [{ at: new Date(Date.now() + 20 * MIN).toISOString(), tempC: 13 }] },
        422,
        'validation_failed',
      ],
      [
        {
          shipment: w.s.code,
          readings: [{ at: new Date(Date.now() - 40 * 3600_000).toISOString(), tempC: 13 }],
        },
        422,
        'validation_failed',
      ],
      [{ shipment: w.s.code, readings: [{ at, tempC: 13, extra: 1 }] }, 422, 'validation_failed'],
      [{ shipment: w.s.code, readings: [] }, 422, 'validation_failed'],
      [{ readings: [{ at, tempC: 13 }] }, 422, 'validation_failed'],
      [{ shipment: w.s.code, readings: batch(1001) }, 413, 'payload_too_large'],
      ['{"shipment":', 400, 'invalid_json'],
      [[1, 2], 400, 'invalid_json'],
      [{ shipment: 'LFT-YS-19990101-001', at, tempC: 13 }, 404, 'not_found'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(w.device.token, body);
      expect([res.status, res.body.error?.code], JSON.stringify(body).slice(0, 80)).toEqual([status, code]);
    }
    // one bad reading refuses the whole batch, naming it
    const mixed = await post(w.device.token, {
      shipment: w.s.code,
      readings: [...batch(3), { at, tempC: 'hot' }],
    });
    expect(mixed.status).toBe(422);
    expect(Object.keys(mixed.body.error.details)).toEqual(['readings.3.tempC']);
    // a token that may not write readings, a revoked one, none
    expect((await post(w.ent.token, { shipment: w.s.code, at, tempC: 13 })).status).toBe(403);
    await revokeToken(w.orgs.carrier._id, w.device.id, w.carrier);
    expect((await post(w.device.token, { shipment: w.s.code, at, tempC: 13 })).status).toBe(401);
    expect((await callRoute(readingsRoute, 'POST', '/api/v1/readings', {}, { body: '{}' })).status).toBe(401);
    expect(await ReadingModel.countDocuments()).toBe(before);
  });

  it("another carrier's token reaches nothing; a delivered trip takes only what was logged before it arrived", async () => {
    const w = await world();
    const otherCarrier = await (
      await import('#tests/factories')
    ).makeOrg(w.town._id, { type: 'carrier', name: '别家物流' });
    const other = await issueToken(
      { townId: w.town._id, orgId: otherCarrier._id, role: 'carrier', name: 'x' },
      w.carrier,
    );
    const at = new Date(Date.now() - 60 * MIN).toISOString();
    expect((await post(other.token, { shipment: w.s.code, at, tempC: 13 })).status).toBe(404);
    await arriveShipment(
      w.carrierScope,
      w.s.id,
      { at: new Date(Date.now() - 30 * MIN), handedBy: '王', receivedBy: '张' },
      w.carrier,
    );
    await receiveShipment(w.consigneeScope, w.s.id, { decision: 'accept', reason: '' }, w.enterprise);
    const late = await post(w.device.token, {
      shipment: w.s.code,
      at: new Date(Date.now() - 10 * MIN).toISOString(),
      tempC: 13,
    });
    expect([late.status, late.body.error.code]).toEqual([409, 'conflict']);
    expect((await post(w.device.token, { shipment: w.s.code, at, tempC: 13 })).body).toEqual({
      received: 1,
      new: 1,
    });
  });
});

describe('device tokens issued by an official', () => {
  it("an official issues a carrier's device token (it writes that carrier's readings) and revokes it; not for another town", async () => {
    const w = await world();
    const { execute } = await import('#models/kernel/command');
    const { issueDeviceTokenCommand, revokeDeviceTokenCommand } = await import('#models/coldchain');
    const { ApiTokenModel } = await import('#models/town/api-token');
    const { actorFor } = await import('#tests/factories/deliveries');
    const official = w.users.official as never as {
      _id: never;
      role: 'official';
      orgId: never;
      townId: never;
    };
    const caller = {
      role: 'official' as const,
      townId: w.town._id,
      orgId: w.orgs.government._id,
      actor: actorFor(official as never),
      person: { name: '镇干部', org: '镇政府' },
    };
    const issued = await execute(issueDeviceTokenCommand, caller, {
      orgId: String(w.orgs.carrier._id),
      name: '车载记录仪 9 号',
    });
    if (!issued.ok || !issued.value) throw new Error(JSON.stringify(issued));
    const at = new Date(Date.now() - 60 * MIN).toISOString();
    expect((await post(issued.value.token, { shipment: w.s.code, at, tempC: 13 })).body).toEqual({
      received: 1,
      new: 1,
    });
    // an enterprise is not a carrier: no device token for it
    expect(
      (await execute(issueDeviceTokenCommand, caller, { orgId: String(w.orgs.enterprise._id), name: 'x' }))
        .ok,
    ).toBe(false);
    // another town's official reaches nothing of this carrier
    const stranger = { ...caller, townId: w.newId() };
    expect(
      (await execute(issueDeviceTokenCommand, stranger, { orgId: String(w.orgs.carrier._id), name: 'x' })).ok,
    ).toBe(false);
    // a cooperative may not issue them at all
    const coop = { ...caller, role: 'cooperative' as const, orgId: w.orgs.cooperative._id };
    expect(
      (await execute(issueDeviceTokenCommand, coop, { orgId: String(w.orgs.carrier._id), name: 'x' })).ok,
    ).toBe(false);
    const tokenId = String((await ApiTokenModel.findOne({ name: '车载记录仪 9 号' }).lean())!._id);
    expect(
      (await execute(revokeDeviceTokenCommand, caller, { orgId: String(w.orgs.carrier._id), id: tokenId }))
        .ok,
    ).toBe(true);
    expect((await post(issued.value.token, { shipment: w.s.code, at, tempC: 13 })).status).toBe(401);
  });
});
