// The outbox's delivery against mocked robots (msw): WeCom's 45009 retried, DingTalk signed afresh
// at every attempt, permanent refusals shown with their code, 20 a minute per robot, order kept,
// and a message written before a restart delivered once after it.
import { http, HttpResponse } from 'msw';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import {
  OutboxMessageModel,
  WebhookModel,
  deliverOutbox,
  dingtalkSign,
  outboxSettings,
  resendMessage,
} from '#models/outbox';
import { server } from '#tests/mocks/server';

const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send';
const DINGTALK = 'https://oapi.dingtalk.com/robot/send';
const MIN = 60_000;
const townId = new Types.ObjectId();
const orgId = new Types.ObjectId();

async function hook(kind: 'wecom' | 'dingtalk' | 'json', url: string, secret = '') {
  return WebhookModel.create({ townId, orgId, kind, name: kind, url, secret });
}

async function queue(webhook: { _id: Types.ObjectId; kind: string }, n = 1, at = new Date()) {
  const docs = Array.from({ length: n }, (_, i) => ({
    _id: new Types.ObjectId(),
    townId,
    orgId,
    webhookId: webhook._id,
    kind: webhook.kind,
    key: `event-${new Types.ObjectId().toHexString()}-${i}`,
    payload: {
      title: `冷链预警 ${i}`,
      text: `> 第 ${i} 条`,
      link: 'https://xl.example.cn/shipments/A',
      data: { i },
    },
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    leaseUntil: null,
    lastError: null,
    sentAt: null,
    createdAt: at,
  }));
  await OutboxMessageModel.insertMany(docs);
  return docs.map((d) => d._id);
}

describe('the outbox', () => {
  it('WeCom answering 45009 (HTTP 200) is tried again after a backoff, then sent once', async () => {
    const got: string[] = [];
    let calls = 0;
    server.use(
      http.post(WECOM, async ({ request }) => {
        calls++;
        got.push(((await request.json()) as { markdown: { content: string } }).markdown.content);
        return HttpResponse.json(
          calls === 1 ? { errcode: 45009, errmsg: 'api freq out of limit' } : { errcode: 0, errmsg: 'ok' },
        );
      }),
    );
    const w = await hook('wecom', `${WECOM}?key=abc`);
    const [id] = await queue(w);
    expect(await deliverOutbox()).toBe(0);
    let m = (await OutboxMessageModel.findById(id).lean())!;
    expect(m).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: { code: '45009', message: 'api freq out of limit' },
    });
    expect(m.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    // not due yet: nothing goes
    expect(await deliverOutbox()).toBe(0);
    expect(calls).toBe(1);
    // the backoff passed (a restart in between changes nothing: the state is in the database)
    expect(await deliverOutbox(new Date(Date.now() + 5 * MIN))).toBe(1);
    m = (await OutboxMessageModel.findById(id).lean())!;
    expect(m).toMatchObject({ state: 'sent', attempts: 2 });
    expect(await deliverOutbox(new Date(Date.now() + 10 * MIN))).toBe(0);
    expect(calls).toBe(2);
    expect(got[1]).toContain('冷链预警 0');
  });

  it('DingTalk is signed with a fresh timestamp at every attempt', async () => {
    const secret = 'SECtest123';
    const seen: Array<{ timestamp: string; sign: string }> = [];
    server.use(
      http.post(DINGTALK, ({ request }) => {
        const url = new URL(request.url);
        const timestamp = url.searchParams.get('timestamp')!;
        const sign = url.searchParams.get('sign')!;
        seen.push({ timestamp, sign });
        if (sign !== dingtalkSign(secret, Number(timestamp)))
          return HttpResponse.json({ errcode: 310000, errmsg: 'sign not match' });
        return HttpResponse.json(
          seen.length === 1 ? { errcode: -1, errmsg: 'system busy' } : { errcode: 0, errmsg: 'ok' },
        );
      }),
    );
    const w = await hook('dingtalk', `${DINGTALK}?access_token=tok`, secret);
    const [id] = await queue(w);
    await deliverOutbox();
    await new Promise((r) => setTimeout(r, 5));
    await deliverOutbox(new Date(Date.now() + 5 * MIN));
    expect((await OutboxMessageModel.findById(id).lean())!.state).toBe('sent');
    expect(seen).toHaveLength(2);
    expect(seen[0]!.timestamp).not.toBe(seen[1]!.timestamp);
  });

  it('a permanent refusal stops with its code and message; the next message still goes; resent by hand', async () => {
    let answer = { errcode: 93000, errmsg: 'invalid webhook url' };
    server.use(http.post(WECOM, () => HttpResponse.json(answer)));
    const w = await hook('wecom', `${WECOM}?key=gone`);
    const [first, second] = await queue(w, 2);
    answer = { errcode: 93000, errmsg: 'invalid webhook url' };
    await deliverOutbox();
    expect((await OutboxMessageModel.findById(first).lean())!).toMatchObject({
      state: 'failed',
      lastError: { code: '93000', message: 'invalid webhook url' },
    });
    expect((await OutboxMessageModel.findById(second).lean())!.state).toBe('failed');
    // the robot is set up again; the organization sends the first again by hand
    answer = { errcode: 0, errmsg: 'ok' };
    const scope = { access: 'own' as const, townId, orgId };
    expect((await resendMessage(scope, first!)).ok).toBe(true);
    // another organization cannot touch it
    expect((await resendMessage({ ...scope, orgId: new Types.ObjectId() }, second!)).ok).toBe(false);
    await deliverOutbox();
    expect((await OutboxMessageModel.findById(first).lean())!.state).toBe('sent');
    expect((await OutboxMessageModel.findById(second).lean())!.state).toBe('failed');
  });

  it('a 500 and a timeout are tried again; order is kept: later messages wait for the head', async () => {
    let n = 0;
    const order: number[] = [];
    server.use(
      http.post('https://erp.example.com/hook', async ({ request }) => {
        n++;
        const body = (await request.json()) as { i: number };
        if (n === 1) return new HttpResponse('busy', { status: 500 });
        if (n === 2) {
          await new Promise((r) => setTimeout(r, 300));
          return HttpResponse.json({});
        }
        order.push(body.i);
        return HttpResponse.json({});
      }),
    );
    const previous = outboxSettings.timeoutMs;
    outboxSettings.timeoutMs = 100;
    try {
      const w = await hook('json', 'https://erp.example.com/hook');
      const ids = await queue(w, 3);
      await deliverOutbox();
      expect((await OutboxMessageModel.findById(ids[0]).lean())!.lastError?.code).toBe('http_500');
      await deliverOutbox(new Date(Date.now() + 5 * MIN));
      expect((await OutboxMessageModel.findById(ids[0]).lean())!.lastError?.code).toBe('network');
      expect(await OutboxMessageModel.countDocuments({ state: 'sent' })).toBe(0);
      await deliverOutbox(new Date(Date.now() + 30 * MIN));
      expect(order).toEqual([0, 1, 2]);
    } finally {
      outboxSettings.timeoutMs = previous;
    }
  });

  it('at most 20 a minute per robot: the rest wait their turn, none dropped', async () => {
    let calls = 0;
    server.use(http.post(WECOM, () => (calls++, HttpResponse.json({ errcode: 0, errmsg: 'ok' }))));
    const w = await hook('wecom', `${WECOM}?key=busy`);
    await queue(w, 25);
    await deliverOutbox();
    expect(calls).toBe(20);
    expect(await OutboxMessageModel.countDocuments({ state: 'pending' })).toBe(5);
    await deliverOutbox(new Date(Date.now() + 2 * MIN));
    expect(calls).toBe(25);
    expect(await OutboxMessageModel.countDocuments({ state: 'sent' })).toBe(25);
  });

  it('a message claimed by a process that died is sent again once its lease runs out, once', async () => {
    let calls = 0;
    server.use(http.post(WECOM, () => (calls++, HttpResponse.json({ errcode: 0, errmsg: 'ok' }))));
    const w = await hook('wecom', `${WECOM}?key=k`);
    const [id] = await queue(w);
    // a process took it and died before sending
    await OutboxMessageModel.updateOne({ _id: id }, { $set: { leaseUntil: new Date(Date.now() + MIN) } });
    expect(await deliverOutbox()).toBe(0);
    expect(await deliverOutbox(new Date(Date.now() + 2 * MIN))).toBe(1);
    expect(await deliverOutbox(new Date(Date.now() + 3 * MIN))).toBe(0);
    expect(calls).toBe(1);
  });
});
