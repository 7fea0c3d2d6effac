// The weighbridge API (issue 20): a plant's token posts weigh tickets; an Idempotency-Key makes
// a retry answer as the first time and record nothing more; errors are JSON with their status.
import { describe, expect, it } from 'vitest';
import { issueToken } from '#models/town/api-token';
import { IntakeTicketModel } from '#models/plant';
import { LotModel } from '#models/lots/lot';
import * as intakeRoute from '~/routes/api.v1.intake';
import { plantWorld } from '#tests/factories/plant';
import { callRoute } from '#tests/utils';

async function world() {
  const w = await plantWorld();
  const { token } = await issueToken(
    { townId: w.town._id, orgId: w.orgs.plant._id, role: 'plant', name: '地磅' },
    w.plant,
  );
  const { token: entToken } = await issueToken(
    { townId: w.town._id, orgId: w.orgs.enterprise._id, role: 'enterprise', name: 'ERP' },
    w.ent,
  );
  return { ...w, token, entToken };
}

const post = (init: Parameters<typeof callRoute>[4]) =>
  callRoute(intakeRoute, 'POST', '/api/v1/intake', {}, init);
const body = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    ticketNumber: 'WB-0001',
    weighedAt: '2026-10-20T10:30:00+08:00',
    grossKg: 3260.5,
    tareKg: 1050,
    impurityPct: 3.2,
    moisturePct: 12,
    grade: 'grade1',
    ...extra,
  });

describe('the weighbridge API', () => {
  it('records a ticket once, whatever the retries with its Idempotency-Key', async () => {
    const w = await world();
    const { delivery } = await w.deliverToPlant(2250);
    const code = (await import('#models/trade/delivery')).DeliveryModel;
    const d = (await code.findById(delivery.id).lean())!;
    const headers = { 'Idempotency-Key': 'weighbridge-000000000001' };
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await post({ token: w.token, headers, body: body({ deliveryCode: d.code }) }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(answers[0]!.body.data.ticketNumber).toBe('WB-0001');
    expect(await IntakeTicketModel.countDocuments()).toBe(1);
    const ticket = (await IntakeTicketModel.findOne().lean())!;
    expect(ticket).toMatchObject({ netKg: 2210.5, payableKg: 2161.9, source: 'api' });
    // the same key with another ticket is a conflict; without a key the same ticket is refused
    const other = await post({
      token: w.token,
      headers,
      body: body({ ticketNumber: 'WB-0002', deliveryCode: d.code }),
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_conflict');
    const again = await post({
      token: w.token,
      body: body({ ticketNumber: 'WB-0003', deliveryCode: d.code }),
    });
    expect(again.status).toBe(409);
    expect(await IntakeTicketModel.countDocuments()).toBe(1);
  });

  it('answers bad requests with JSON errors and their statuses, recording nothing', async () => {
    const w = await world();
    const lot = await w.lot(600);
    const lots = await LotModel.countDocuments();
    const cases: Array<[Parameters<typeof callRoute>[4], number, string]> = [
      [{ body: body({ lotCodes: [lot.code] }) }, 401, 'unauthorized'],
      [{ token: 'xl_nope', body: body({ lotCodes: [lot.code] }) }, 401, 'unauthorized'],
      [{ token: w.entToken, body: body({ lotCodes: [lot.code] }) }, 403, 'forbidden'],
      [{ token: w.token, body: '{"ticketNumber":' }, 400, 'invalid_json'],
      [{ token: w.token, body: body({ lotCodes: [lot.code], tareKg: 4000 }) }, 422, 'validation_failed'],
      [{ token: w.token, body: body({ lotCodes: [lot.code], impurityPct: 9 }) }, 422, 'validation_failed'],
      [{ token: w.token, body: body({ lotCodes: [lot.code], grossKg: -5 }) }, 422, 'validation_failed'],
      [{ token: w.token, body: body({ lotCodes: ['LFT-GG-20990101-001'] }) }, 422, 'validation_failed'],
      [{ token: w.token, body: body({ deliveryCode: 'LFT-JS-2026-99999' }) }, 404, 'not_found'],
      [{ token: w.token, body: body({ lotCodes: [lot.code], surprise: 1 }) }, 422, 'validation_failed'],
      [{ token: w.token, body: `{"ticketNumber":"${'x'.repeat(1_100_000)}"}` }, 413, 'payload_too_large'],
    ];
    for (const [init, status, code] of cases) {
      const r = await post(init);
      expect([r.status, r.body.error?.code]).toEqual([status, code]);
    }
    // the reject threshold names its rule, in English for a system
    const rejected = await post({ token: w.token, body: body({ lotCodes: [lot.code], impurityPct: 9 }) });
    expect(rejected.body.error.message).toMatch(/Impurity 9% is above the reject threshold of 8%/);
    expect(await IntakeTicketModel.countDocuments()).toBe(0);
    expect(await LotModel.countDocuments()).toBe(lots);
    // a toll batch by its lot codes, part of a lot
    const toll = await post({
      token: w.token,
      body: body({ lots: [{ code: lot.code, kg: 500 }], grossKg: 1550.5, tareKg: 1050, impurityPct: 0 }),
    });
    expect(toll.status).toBe(200);
    expect(await IntakeTicketModel.findOne({ number: 'WB-0001' }).lean()).toMatchObject({
      kind: 'toll',
      netKg: 500.5,
    });
  });
});
