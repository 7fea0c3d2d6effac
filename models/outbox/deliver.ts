// The outbox's worker: each webhook gets its messages one at a time in the order they were
// written, each retried with backoff until the webhook takes it or refuses it for good, at most
// 20 a minute per chat robot (both robots' limit: the rest wait their turn, never dropped). An
// attempt is claimed with a lease, so two processes never send one message at once and a
// process that dies mid-attempt lets it go again.
import { Types } from 'mongoose';
import { defineCommand, found, refuse } from '../kernel/command';
import { defineJob } from '../kernel/jobs';
import type { Scope } from '../kernel/scope';
import { z } from 'zod';
import { backoffMs, requestFor, verdictOf, type Verdict } from './robots';
import { OutboxMessageModel, WebhookModel, type OutboxMessage } from './schema';

export const ROBOT_PER_MINUTE = 20;
export const outboxSettings = { timeoutMs: 10_000 };

type Message = OutboxMessage;

async function attempt(message: Message, now: Date): Promise<Verdict> {
  const hook = await WebhookModel.findById(message.webhookId).lean();
  if (!hook || hook.archivedAt) return { outcome: 'failed', code: 'webhook_removed', message: '' };
  const request = requestFor(hook.kind, hook, message.payload, String(message._id), now.getTime());
  try {
    const res = await fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(outboxSettings.timeoutMs),
      redirect: 'error',
    });
    const text = await res.text().catch(() => '');
    return verdictOf(hook.kind, res.status, text);
  } catch (error) {
    const name = (error as Error).name;
    return verdictOf(hook.kind, 0, '', name === 'TimeoutError' ? 'timeout' : (error as Error).message);
  }
}

/** Sends what one webhook has due, in order, while its rate allows. Returns how many went out. */
async function drainWebhook(webhookId: Types.ObjectId, kind: Message['kind'], now: Date) {
  let sent = 0;
  for (;;) {
    const head = await OutboxMessageModel.findOne({ webhookId, state: 'pending' }).sort({ _id: 1 }).lean();
    if (!head || head.nextAttemptAt > now) return sent; // in order: later ones wait for the head
    if (head.leaseUntil && head.leaseUntil > now) return sent;
    if (kind !== 'json') {
      const minuteAgo = new Date(now.getTime() - 60_000);
      const recent = await OutboxMessageModel.find({ webhookId, sentAt: { $gt: minuteAgo } })
        .sort({ sentAt: 1 })
        .select('sentAt')
        .limit(ROBOT_PER_MINUTE)
        .lean();
      if (recent.length >= ROBOT_PER_MINUTE) {
        const free = new Date(recent[0]!.sentAt!.getTime() + 60_000);
        await OutboxMessageModel.updateOne(
          { _id: head._id, state: 'pending' },
          { $set: { nextAttemptAt: free } },
        );
        return sent;
      }
    }
    const claimed = await OutboxMessageModel.updateOne(
      {
        _id: head._id,
        state: 'pending',
        $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }],
      },
      // the attempt's timeout and a margin: a process that dies mid-attempt lets it go soon
      { $set: { leaseUntil: new Date(now.getTime() + outboxSettings.timeoutMs + 5_000) } },
    );
    if (claimed.modifiedCount !== 1) return sent;
    const verdict = await attempt(head as Message, new Date());
    const at = new Date();
    if (verdict.outcome === 'sent') {
      await OutboxMessageModel.updateOne(
        { _id: head._id },
        { $set: { state: 'sent', sentAt: at, leaseUntil: null }, $inc: { attempts: 1 } },
      );
      sent++;
      continue;
    }
    const lastError = { code: verdict.code, message: verdict.message, at };
    if (verdict.outcome === 'failed') {
      await OutboxMessageModel.updateOne(
        { _id: head._id },
        { $set: { state: 'failed', lastError, leaseUntil: null }, $inc: { attempts: 1 } },
      );
      continue; // refused for good: shown with its code; the next message goes
    }
    const wait = Math.max(backoffMs(head.attempts + 1), verdict.waitMs ?? 0);
    await OutboxMessageModel.updateOne(
      { _id: head._id },
      {
        $set: { lastError, leaseUntil: null, nextAttemptAt: new Date(at.getTime() + wait) },
        $inc: { attempts: 1 },
      },
    );
    return sent;
  }
}

/** One round: every webhook with something due. */
export async function deliverOutbox(now = new Date()) {
  const due = await OutboxMessageModel.aggregate<{ _id: Types.ObjectId; kind: Message['kind'] }>([
    { $match: { state: 'pending', nextAttemptAt: { $lte: now } } },
    { $group: { _id: '$webhookId', kind: { $first: '$kind' } } },
    { $limit: 200 },
  ]);
  const counts = await Promise.all(due.map((d) => drainWebhook(d._id, d.kind, now)));
  return counts.reduce((a, b) => a + b, 0);
}

defineJob({ name: 'outbox', everyMs: 2_000, run: deliverOutbox });

// ---------------------------------------------------------------- an organization's outbox

const ownMessages = (scope: Scope) =>
  scope.access === 'own' ? { orgId: scope.orgId } : scope.access === 'town' ? { townId: scope.townId } : {};

export async function listOutbox(scope: Scope, { state }: { state?: Message['state'] } = {}) {
  const docs = await OutboxMessageModel.find({ ...ownMessages(scope), ...(state && { state }) })
    .sort({ _id: -1 })
    .limit(200)
    .lean();
  const hooks = await WebhookModel.find({ _id: { $in: [...new Set(docs.map((d) => d.webhookId))] } })
    .select('name kind')
    .lean();
  const names = new Map(hooks.map((h) => [String(h._id), h.name]));
  return docs.map((d) => ({
    id: String(d._id),
    webhook: names.get(String(d.webhookId)) ?? '',
    kind: d.kind,
    title: d.payload.title,
    link: d.payload.link,
    state: d.state,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastError: d.lastError,
    sentAt: d.sentAt,
    createdAt: d.createdAt,
  }));
}

export const countFailedOutbox = (scope: Scope) =>
  OutboxMessageModel.countDocuments({ ...ownMessages(scope), state: 'failed' });

/** Sent again by hand: a failed (or waiting) message goes back to the head of its turn, now. */
export async function resendMessage(scope: Scope, id: Types.ObjectId) {
  const doc = await OutboxMessageModel.findOne({ _id: id, ...ownMessages(scope) }).lean();
  if (!doc) return found(null);
  if (doc.state === 'sent') return refuse('conflict', 'outbox.alreadySent');
  await OutboxMessageModel.updateOne(
    { _id: id, state: { $ne: 'sent' } },
    { $set: { state: 'pending', nextAttemptAt: new Date(), leaseUntil: null } },
  );
  return found({ id: String(id) });
}

export const resendMessageCommand = defineCommand({
  name: 'outbox/resend',
  permission: ['write', 'webhook'],
  input: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/) }),
  run: ({ id }, { scope }) => resendMessage(scope, new Types.ObjectId(id)),
});
