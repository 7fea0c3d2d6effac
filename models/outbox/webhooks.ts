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
import { WebhookInput, type WebhookInputValue } from '~/schemas/coldchain';
import { WebhookModel } from './schema';

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

export async function addWebhook(scope: Scope, input: WebhookInputValue, actor: Actor) {
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
