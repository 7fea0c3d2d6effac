// What each kind of webhook is sent and how its answer is read (../shared/research/chain-anchors.md
// B1, B2). Both chat robots answer HTTP 200 when they refuse a message: the `errcode` in the body
// decides, and 200 with errcode ≠ 0 is never a success.
import crypto from 'node:crypto';

import { WEBHOOK_KINDS } from '~/domain/cold-chain';

export { WEBHOOK_KINDS };
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** A message as every channel gets it: a title, markdown text, a link to the page. */
export interface OutboxPayload {
  title: string;
  text: string;
  link: string;
  /** the structured event, for plain JSON webhooks */
  data: Record<string, unknown>;
}

export const WECOM_MAX_BYTES = 4096;

/** Cuts text to at most `max` UTF-8 bytes on a character boundary (never half a character). */
export function cutUtf8(text: string, max: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.byteLength <= max) return text;
  let end = max;
  // a continuation byte (10xxxxxx) is inside a character: step back to its first byte
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** WeCom's markdown content: the text cut to fit with the link kept on its last line. */
export function wecomContent(p: OutboxPayload): string {
  const tail = `\n[${p.link}](${p.link})`;
  const head = `**${p.title}**\n${p.text}`;
  const room = WECOM_MAX_BYTES - Buffer.byteLength(tail, 'utf8');
  const body = Buffer.byteLength(head, 'utf8') > room ? `${cutUtf8(head, room - 3)}…` : head;
  return `${body}${tail}`;
}

/** DingTalk's 加签: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)). */
export function dingtalkSign(secret: string, timestamp: number): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export interface Request {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** The request for one attempt (DingTalk is signed afresh every time: its timestamp must be recent). */
export function requestFor(
  kind: WebhookKind,
  hook: { url: string; secret: string },
  p: OutboxPayload,
  messageId: string,
  now = Date.now(),
): Request {
  const headers = { 'Content-Type': 'application/json; charset=utf-8' };
  if (kind === 'wecom')
    return {
      url: hook.url,
      headers,
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content: wecomContent(p) } }),
    };
  if (kind === 'dingtalk') {
    const url = new URL(hook.url);
    if (hook.secret) {
      url.searchParams.set('timestamp', String(now));
      url.searchParams.set('sign', dingtalkSign(hook.secret, now));
    }
    return {
      url: url.toString(),
      headers,
      body: JSON.stringify({
        msgtype: 'markdown',
        markdown: { title: p.title, text: `### ${p.title}\n${p.text}\n\n[${p.link}](${p.link})` },
      }),
    };
  }
  return {
    url: hook.url,
    // the receiver can drop a repeat by this id (a message may be sent again after a crash)
    headers: { ...headers, 'X-Xianglian-Message-Id': messageId },
    body: JSON.stringify({ id: messageId, title: p.title, text: p.text, link: p.link, ...p.data }),
  };
}

/** What an attempt came to: sent, try again (after at least `waitMs`), or give up. */
export type Verdict =
  | { outcome: 'sent' }
  | { outcome: 'retry'; code: string; message: string; waitMs?: number }
  | { outcome: 'failed'; code: string; message: string };

const WECOM_RETRY = new Set([45009, -1]); // api freq out of limit; system busy
const WECOM_PERMANENT = new Set([93000, 40058]); // robot gone; content too long
const DINGTALK_RETRY = new Set([130101, -1]); // send too fast (throttled ~10 min); busy
const DINGTALK_PERMANENT = new Set([300001, 310000]); // token gone; keywords/sign/ip refused
const TEN_MINUTES = 10 * 60_000;

/** Reads an answer. A network error or timeout is `status: 0`. */
export function verdictOf(kind: WebhookKind, status: number, body: string, error?: string): Verdict {
  if (status === 0) return { outcome: 'retry', code: 'network', message: error ?? 'no answer' };
  if (status === 429 || status >= 500)
    return { outcome: 'retry', code: `http_${status}`, message: body.slice(0, 200) };
  if (status >= 400) return { outcome: 'failed', code: `http_${status}`, message: body.slice(0, 200) };
  if (status < 200 || status >= 300)
    return { outcome: 'failed', code: `http_${status}`, message: body.slice(0, 200) };
  if (kind === 'json') return { outcome: 'sent' };
  let answer: { errcode?: unknown; errmsg?: unknown };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    return { outcome: 'retry', code: 'bad_answer', message: body.slice(0, 200) };
  }
  const code = typeof answer.errcode === 'number' ? answer.errcode : Number.NaN;
  const message = String(answer.errmsg ?? '').slice(0, 200);
  if (code === 0) return { outcome: 'sent' };
  if (Number.isNaN(code)) return { outcome: 'retry', code: 'bad_answer', message: body.slice(0, 200) };
  const retry = kind === 'wecom' ? WECOM_RETRY : DINGTALK_RETRY;
  const permanent = kind === 'wecom' ? WECOM_PERMANENT : DINGTALK_PERMANENT;
  if (retry.has(code))
    return {
      outcome: 'retry',
      code: String(code),
      message,
      ...(kind === 'dingtalk' && code === 130101 && { waitMs: TEN_MINUTES }),
    };
  if (permanent.has(code)) return { outcome: 'failed', code: String(code), message };
  // an errcode nobody listed: a refusal the robot gave, not a hiccup
  return { outcome: 'failed', code: String(code), message };
}

/** Backoff before attempt n+1: 30 s, 1, 2, 4 … min, at most 30 min, with some spread. */
export function backoffMs(attempts: number, random = Math.random()) {
  const base = Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}
