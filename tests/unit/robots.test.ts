// The chat robots' formats and answers (../shared/research/chain-anchors.md B1, B2).
import { describe, expect, it } from 'vitest';
import { backoffMs, cutUtf8, dingtalkSign, requestFor, verdictOf, wecomContent } from '#models/outbox/robots';

describe('DingTalk 加签', () => {
  it('matches the vectors verified against the service', () => {
    expect(dingtalkSign('SECtest123', 1700000000000)).toBe('w3RMHXzixTMdzr8OHJUmVLS4IoPJVdu+Ut1LE48MePE=');
    expect(dingtalkSign('SEC0123456789abcdef', 1764547200000)).toBe(
      'beCIjVlCpYUFqpzcNdT6u78BVxsbLWB2mvBuXQPjPXA=',
    );
  });

  it('is signed afresh at every attempt, URL-encoded', () => {
    const hook = { url: 'https://oapi.dingtalk.com/robot/send?access_token=T', secret: 'SECtest123' };
    const p = { title: 't', text: 'x', link: 'https://a/b', data: {} };
    const first = new URL(requestFor('dingtalk', hook, p, 'm', 1700000000000).url);
    expect(first.searchParams.get('timestamp')).toBe('1700000000000');
    expect(first.searchParams.get('sign')).toBe('w3RMHXzixTMdzr8OHJUmVLS4IoPJVdu+Ut1LE48MePE=');
    expect(requestFor('dingtalk', hook, p, 'm', 1700000000000).url).toContain(
      'sign=w3RMHXzixTMdzr8OHJUmVLS4IoPJVdu%2BUt1LE48MePE%3D',
    );
    const later = new URL(requestFor('dingtalk', hook, p, 'm', 1700000060000).url);
    expect(later.searchParams.get('sign')).not.toBe(first.searchParams.get('sign'));
    expect(JSON.parse(requestFor('dingtalk', hook, p, 'm').body)).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: 't' },
    });
  });
});

describe('WeCom markdown', () => {
  it('is at most 4,096 bytes, cut on a character boundary, the link kept', () => {
    const link = 'https://xl.example.cn/shipments/LFT-XXS-20261108-003';
    const content = wecomContent({ title: '冷链预警', text: '温'.repeat(3000), link, data: {} });
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content.endsWith(`(${link})`)).toBe(true);
    expect(content).not.toContain('\uFFFD');
    expect(cutUtf8('温度', 4)).toBe('温'); // 3 bytes each: never half a character
    const body = JSON.parse(
      requestFor(
        'wecom',
        { url: 'https://qyapi.weixin.qq.com/x?key=k', secret: '' },
        { title: 'a', text: 'b', link, data: {} },
        'm',
      ).body,
    );
    expect(body).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('**a**') } });
  });
});

describe('answers', () => {
  it('200 with errcode ≠ 0 is never a success', () => {
    expect(verdictOf('wecom', 200, '{"errcode":0,"errmsg":"ok"}').outcome).toBe('sent');
    expect(verdictOf('wecom', 200, '{"errcode":45009,"errmsg":"api freq out of limit"}')).toMatchObject({
      outcome: 'retry',
      code: '45009',
    });
    expect(verdictOf('wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toMatchObject({
      outcome: 'failed',
      code: '93000',
    });
    expect(
      verdictOf('wecom', 200, '{"errcode":40058,"errmsg":"markdown.content exceed max length 4096"}').outcome,
    ).toBe('failed');
    expect(verdictOf('dingtalk', 200, '{"errcode":130101,"errmsg":"send too fast"}')).toMatchObject({
      outcome: 'retry',
      waitMs: 600_000,
    });
    expect(verdictOf('dingtalk', 200, '{"errcode":310000,"errmsg":"sign not match"}').outcome).toBe('failed');
    expect(verdictOf('dingtalk', 200, '{"errcode":300001,"errmsg":"token is not exist"}').outcome).toBe(
      'failed',
    );
    expect(verdictOf('dingtalk', 200, 'not json').outcome).toBe('retry');
    expect(verdictOf('json', 200, '').outcome).toBe('sent');
  });

  it('timeouts, 5xx and 429 are tried again; other 4xx stop', () => {
    expect(verdictOf('json', 0, '', 'timeout')).toMatchObject({ outcome: 'retry', code: 'network' });
    expect(verdictOf('json', 503, '').outcome).toBe('retry');
    expect(verdictOf('wecom', 429, '').outcome).toBe('retry');
    expect(verdictOf('json', 404, 'no').outcome).toBe('failed');
    expect(verdictOf('json', 410, '')).toMatchObject({ outcome: 'failed', code: 'http_410' });
  });

  it('backs off, 30 s doubling to 30 min at most', () => {
    expect(backoffMs(1, 0.5)).toBe(30_000);
    expect(backoffMs(3, 0.5)).toBe(120_000);
    expect(backoffMs(20, 0.5)).toBe(1_800_000);
  });
});
