// The audit trail's hash chain per town (issue 9): events are sealed shortly after they are
// written; verifying recomputes the chain and names an event changed or removed in the database.
import { describe, expect, it } from 'vitest';
import { AuditEventModel } from '#models/kernel/audit';
import { AuditSealModel, sealAuditTrail, verifyAuditTrail } from '#models/kernel/audit-seal';
import { checkDatabase } from '#models/kernel/checks';
import * as auditPage from '~/routes/audit';
import { makeTownWithRoles, makeVillage } from '#tests/factories';
import { args, expectThrownStatus, payloadOf, requestAs } from '#tests/utils';

describe('audit chain', () => {
  it('seals every event once and names the first one changed or removed', async () => {
    const w = await makeTownWithRoles();
    await makeVillage(w.town._id, { name: '封存村' });
    await Promise.all([sealAuditTrail(), sealAuditTrail()]);
    const events = await AuditEventModel.countDocuments({ townId: w.town._id });
    expect(await AuditSealModel.countDocuments({ chain: String(w.town._id) })).toBe(events);
    const ok = await verifyAuditTrail(w.town._id);
    expect(ok).toMatchObject({ ok: true, sealed: events, broken: null });

    // the official's verify button says the same
    const res = payloadOf<{ check: { ok: boolean; sealed: number } }>(
      await auditPage.action(
        args(await requestAs(w.users.official, '/audit', { form: { intent: 'verify' } })),
      ),
    );
    expect(res.check).toMatchObject({ ok: true, sealed: events });
    await expectThrownStatus(
      auditPage.action(args(await requestAs(w.users.cooperative, '/audit', { form: { intent: 'verify' } }))),
      403,
    );

    // someone rewrites history directly in the database
    const victim = (await AuditEventModel.findOne({ townId: w.town._id, label: '封存村' }).lean())!;
    await AuditEventModel.collection.updateOne({ _id: victim._id }, { $set: { 'actor.username': 'nobody' } });
    const changed = await verifyAuditTrail(w.town._id);
    expect(changed).toMatchObject({ ok: false, broken: { eventId: String(victim._id), problem: 'changed' } });
    const report = await checkDatabase({ exclusive: true });
    expect(report.problems.map((p) => p.check)).toContain('audit-chain');

    await AuditEventModel.collection.updateOne(
      { _id: victim._id },
      { $set: { 'actor.username': victim.actor.username } },
    );
    expect((await verifyAuditTrail(w.town._id)).ok).toBe(true);
    const first = (await AuditEventModel.findOne({ townId: w.town._id }).sort({ _id: 1 }).lean())!;
    await AuditEventModel.collection.deleteOne({ _id: first._id });
    expect(await verifyAuditTrail(w.town._id)).toMatchObject({
      ok: false,
      broken: { seq: 1, problem: 'missing' },
    });
  });
});
