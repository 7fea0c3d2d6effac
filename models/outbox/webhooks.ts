// An organization's webhooks: where its alerts go besides the app. A chat robot's address is
// checked against its service's host; a plain JSON webhook may be any public http(s) address
// (never this machine or a private network: the app would be a door into them).
import { Types } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../kernel/audit';
import { defineCommand, found, refuse } from '../kernel/command';
import type { Scope } from '../kernel/scope';
import { defineOperation, perform, writeAudit, insertOnce, type PlannedAudit } from '../kernel/operation';
import { auditEvent } from '../kernel/write';
import { WEBHOOK_KINDS } from './robots';
import { WebhookModel } from './schema';

const HOSTS = { wecom: 'qyapi.weixin.qq.com', dingtalk: 'oapi.dingtalk.com' } as const;
const PRIVATE_HOST =
  /^(localhost|.*\.local|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0|\[.*\])$/i;

export const WebhookInput = z
  .object({
    kind: z.enum(WEBHOOK_KINDS, { error: 'webhook.kindRequired' }),
    name: z.string().trim().min(1, 'v.required').max(60, 'v.tooLong'),
    url: z.string().trim().min(1, 'v.required').max(500, 'v.tooLong'),
    secret: z.string().trim().max(200, 'v.tooLong').optional().default(''),
  })
  .superRefine((v, ctx) => {
    let url: URL;
    try {
      url = new URL(v.url);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'webhook.urlBad' });
      return;
    }
    if (v.kind === 'json') {
      if (!/^https?:$/.test(url.protocol) || PRIVATE_HOST.test(url.hostname))
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'webhook.urlPrivate' });
      return;
    }
    if (url.protocol !== 'https:' || url.hostname !== HOSTS[v.kind])
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: `webhook.urlHost|${JSON.stringify({ host: HOSTS[v.kind] })}`,
      });
    if (v.kind === 'wecom' && !url.searchParams.get('key'))
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'webhook.wecomKey' });
    if (v.kind === 'dingtalk' && !url.searchParams.get('access_token'))
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'webhook.dingtalkToken' });
    if (v.kind === 'dingtalk' && v.secret && !/^SEC[0-9a-zA-Z]+$/.test(v.secret))
      ctx.addIssue({ code: 'custom', path: ['secret'], message: 'webhook.secretBad' });
  });
export type WebhookInput = z.output<typeof WebhookInput>;

/** An address shown without what makes it a credential (the key, the token). */
export function maskedUrl(url: string) {
  try {
    const u = new URL(url);
    for (const [k, v] of u.searchParams) u.searchParams.set(k, `${v.slice(0, 4)}…`);
    return u.toString();
  } catch {
    return '…';
  }
}

export async function listWebhooks(scope: Scope) {
  const filter = scope.access === 'own' ? { orgId: scope.orgId } : { townId: scope.townId };
  const docs = await WebhookModel.find({ ...filter, archivedAt: null })
    .sort({ _id: 1 })
    .lean();
  return docs.map((d) => ({
    id: String(d._id),
    kind: d.kind,
    name: d.name,
    url: maskedUrl(d.url),
    signed: !!d.secret,
  }));
}

/** The audit trail keeps a webhook's masked address: the key in it is a credential. */
const audited = (d: Record<string, unknown> & { _id: Types.ObjectId }) => ({
  ...d,
  url: maskedUrl(String(d.url)),
  secret: d.secret ? '…' : '',
});

const webhookOperation = defineOperation<{
  insert: Record<string, unknown> | null;
  archive: Types.ObjectId | null;
  audit: PlannedAudit;
}>({
  name: 'outbox:webhook',
  async apply(op) {
    if (op.plan.insert) await insertOnce(WebhookModel as never, [op.plan.insert]);
    if (op.plan.archive)
      await WebhookModel.updateOne(
        { _id: op.plan.archive, archivedAt: null },
        { $set: { archivedAt: new Date() } },
      );
    await writeAudit([op.plan.audit]);
  },
});

export async function addWebhook(scope: Scope, input: WebhookInput, actor: Actor) {
  return perform(webhookOperation, { once: actor.once, input }, async () => {
    const count = await WebhookModel.countDocuments({ orgId: scope.orgId, archivedAt: null });
    if (count >= 10) return refuse('invalid', { url: ['webhook.tooMany'] });
    const now = new Date();
    const doc = {
      _id: new Types.ObjectId(),
      townId: scope.townId,
      orgId: scope.orgId,
      kind: input.kind,
      name: input.name,
      url: input.url,
      secret: input.kind === 'dingtalk' ? input.secret : '',
      archivedAt: null,
      createdAt: now,
      updatedAt: now,
      __v: 0,
    };
    const audit = auditEvent('Webhook', 'create', actor, null, audited(doc), input.name)!;
    return { ok: true, plan: { insert: doc, archive: null, audit }, value: { id: String(doc._id) } };
  });
}

export async function removeWebhook(scope: Scope, id: Types.ObjectId, actor: Actor) {
  return perform(webhookOperation, { once: actor.once, input: { remove: String(id) } }, async () => {
    const doc = await WebhookModel.findOne({ _id: id, orgId: scope.orgId, archivedAt: null }).lean();
    if (!doc) return found(null) as never;
    const before = audited(doc as never);
    const audit = auditEvent(
      'Webhook',
      'update',
      actor,
      before,
      { ...before, archivedAt: new Date() },
      doc.name,
    )!;
    return { ok: true, plan: { insert: null, archive: id, audit }, value: { id: String(id) } };
  });
}
export const addWebhookCommand = defineCommand({
  name: 'webhook/add',
  permission: ['write', 'webhook'],
  input: WebhookInput,
  run: (input, { scope, actor }) => addWebhook(scope, input, actor),
});

export const removeWebhookCommand = defineCommand({
  name: 'webhook/remove',
  permission: ['write', 'webhook'],
  input: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'v.notFound') }),
  run: ({ id }, { scope, actor }) => removeWebhook(scope, new Types.ObjectId(id), actor),
});
