// Judging a shipment or a store whose readings changed, and the alerts it raises: when an
// excursion passes its tolerance, when it ends, when the budget is used up — each once per
// event, in the app and through the outbox of every organization told (docs/decisions/0014).
// The subject's `judgeDue` is set by whatever stored readings; this job clears it only if no
// reading came meanwhile, so a crash at any point leaves the subject due and the job runs again:
// an alert's unique key makes the second run raise nothing twice.
import { Types } from 'mongoose';
import { refuse } from '../kernel/command';
import { written } from '../kernel/crash';
import { touchRecords } from '../kernel/facts';
import { defineJob } from '../kernel/jobs';
import { defineOperation, insertOnce, perform } from '../kernel/operation';
import { OutboxMessageModel, planMessages } from '../outbox';
import { OrganizationModel } from '../town';
import { judge, type Excursion, type Judgment } from '~/domain/cold-chain';
import { readingsOf } from './readings';
import {
  AlertModel,
  ColdStoreModel,
  ShipmentModel,
  summaryOf,
  type Alert,
  type AlertKind,
  type ColdStoreDoc,
  type Profile,
  type ShipmentDoc,
} from './schema';

const publicUrl = () => (process.env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/$/, '');

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const when = (d: Date) => TIME.format(d).replace(/\//g, '-');

export const bandOf = (p: Pick<Profile, 'minC' | 'maxC'>) =>
  p.minC !== null && p.maxC !== null
    ? `${p.minC}–${p.maxC} °C`
    : p.maxC !== null
      ? `≤ ${p.maxC} °C`
      : p.minC !== null
        ? `≥ ${p.minC} °C`
        : '—';

const DIRECTION_ZH = { high: '高于上限', low: '低于下限', both: '超出温区' } as const;
const KIND_ZH: Record<AlertKind, string> = {
  excursion_started: '温度超标',
  excursion_ended: '超标结束',
  budget_used: '累计超标时间用尽',
};

/** The chat message of an alert, in Chinese (the groups are the town's people). */
export function alertText(alert: Omit<Alert, '_id' | 'seenBy' | 'createdAt'>, who: string) {
  const minutes = Math.round(alert.minutes);
  const title = `冷链预警：${alert.subjectCode} ${KIND_ZH[alert.kind]}`;
  const lines = [`${alert.productName} 要求 ${alert.band}`];
  if (alert.kind === 'excursion_started')
    lines.push(
      `自 ${when(alert.startAt!)} 起${DIRECTION_ZH[alert.direction ?? 'both']}，已超过允许时长（${minutes} 分钟），峰值 ${alert.peakC} °C`,
    );
  if (alert.kind === 'excursion_ended')
    lines.push(
      `${when(alert.startAt!)} 至 ${when(alert.endAt!)} ${DIRECTION_ZH[alert.direction ?? 'both']}，共 ${minutes} 分钟，峰值 ${alert.peakC} °C；已回到温区`,
    );
  if (alert.kind === 'budget_used')
    lines.push(`累计超标 ${minutes} 分钟，已用尽允许的累计时长（${when(alert.at)}）`);
  lines.push(who);
  return { title, text: lines.map((l) => `> ${l}`).join('\n') };
}

interface AlertPlan {
  alert: Record<string, unknown> & { _id: Types.ObjectId };
  messages: Array<Record<string, unknown>>;
}

const alertOperation = defineOperation<AlertPlan>({
  name: 'coldchain:alert',
  async hold(op) {
    try {
      await AlertModel.collection.insertOne(op.plan.alert as never);
      written();
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return refuse('conflict', 'coldchain.alertRaised');
      throw error;
    }
    return null;
  },
  async release(op) {
    await AlertModel.collection.deleteOne({ _id: op.plan.alert._id } as never);
  },
  async apply(op) {
    await insertOnce(AlertModel as never, [op.plan.alert]);
    await insertOnce(OutboxMessageModel as never, op.plan.messages);
  },
});

type Subject = { kind: 'shipment'; doc: ShipmentDoc } | { kind: 'store'; doc: ColdStoreDoc };

function eventsOf(j: Judgment, now: Date) {
  const events: Array<{ kind: AlertKind; key: string; at: Date; e: Excursion | null }> = [];
  for (const e of j.excursions) {
    const start = e.start.getTime();
    if (e.alertAt <= now) events.push({ kind: 'excursion_started', key: `start:${start}`, at: e.alertAt, e });
    if (e.end) events.push({ kind: 'excursion_ended', key: `end:${start}`, at: e.end, e });
  }
  if (j.budgetUsedAt && j.budgetUsedAt <= now)
    events.push({ kind: 'budget_used', key: 'budget', at: j.budgetUsedAt, e: null });
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Judges one subject now: its summary kept, its new alerts raised. Returns the alerts raised. */
export async function judgeSubject(subject: Subject, now = new Date()) {
  const { doc } = subject;
  const dueWas = doc.judgeDue;
  const window =
    subject.kind === 'shipment'
      ? { from: subject.doc.departedAt, to: subject.doc.arrivedAt }
      : { from: null, to: null };
  const readings = await readingsOf(doc._id);
  const j = judge(readings, doc.profile, window);
  const last = readings[readings.length - 1] ?? null;
  const summary = summaryOf(j, last && { at: last.at, tempC: last.tempC });
  let raised = 0;
  const orgIds =
    subject.kind === 'shipment'
      ? [subject.doc.carrierOrgId, subject.doc.consigneeOrgId]
      : [subject.doc.orgId];
  const code = doc.code;
  const productName = subject.kind === 'shipment' ? subject.doc.productName : subject.doc.name;
  const events = eventsOf(j, now);
  if (events.length) {
    const raisedKeys = new Set(
      (await AlertModel.find({ subjectId: doc._id }).select('key').lean()).map((a) => a.key),
    );
    let who = '';
    if (subject.kind === 'shipment') {
      const carrier = await OrganizationModel.findById(subject.doc.carrierOrgId).select('name').lean();
      who = `承运：${carrier?.name ?? ''} 车牌 ${subject.doc.vehiclePlate}`;
    }
    for (const event of events) {
      const key = `${String(doc._id)}:${event.key}`;
      if (raisedKeys.has(key)) continue;
      const alert = {
        _id: new Types.ObjectId(),
        townId: doc.townId,
        key,
        kind: event.kind,
        subjectKind: subject.kind,
        subjectId: doc._id,
        subjectCode: code,
        productName,
        orgIds,
        at: event.at,
        direction: event.e?.direction ?? null,
        startAt: event.e?.start ?? null,
        endAt: event.e?.end ?? null,
        minutes: event.e ? event.e.minutes : j.highMinutes + j.lowMinutes,
        peakC: event.e?.peakC ?? null,
        band: bandOf(doc.profile),
        seenBy: [],
        createdAt: now,
      };
      const text = alertText(alert, who);
      const path = subject.kind === 'shipment' ? `/shipments/${code}` : `/cold-stores/${code}`;
      const messages = await planMessages({ key, townId: doc.townId, orgIds }, () => ({
        ...text,
        link: `${publicUrl()}${path}`,
        data: {
          event: alert.kind,
          subject: subject.kind,
          code,
          at: alert.at.toISOString(),
          direction: alert.direction,
          startAt: alert.startAt?.toISOString() ?? null,
          endAt: alert.endAt?.toISOString() ?? null,
          minutes: alert.minutes,
          peakC: alert.peakC,
          band: alert.band,
        },
      }));
      const outcome = await perform(alertOperation, {}, async () => ({
        ok: true,
        plan: { alert, messages },
        value: null,
      }));
      if (outcome.ok) raised++;
    }
  }
  const model = subject.kind === 'shipment' ? ShipmentModel : ColdStoreModel;
  await (model as typeof ShipmentModel).updateOne({ _id: doc._id }, { $set: { summary, judgedAt: now } });
  // the dashboard's month of a finished trip follows its summary
  if (subject.kind === 'shipment') await touchRecords('Shipment', { ...subject.doc, summary });
  // due no more, unless readings came while it was judged
  await (model as typeof ShipmentModel).updateOne(
    { _id: doc._id, judgeDue: dueWas },
    { $set: { judgeDue: null } },
  );
  return raised;
}

/** Every subject due, a few at a time. */
export async function judgeDue(now = new Date()) {
  let raised = 0;
  const shipments = await ShipmentModel.find({ judgeDue: { $ne: null } })
    .limit(50)
    .lean();
  for (const doc of shipments)
    raised += await judgeSubject({ kind: 'shipment', doc: doc as unknown as ShipmentDoc }, now);
  const stores = await ColdStoreModel.find({ judgeDue: { $ne: null } })
    .limit(50)
    .lean();
  for (const doc of stores)
    raised += await judgeSubject({ kind: 'store', doc: doc as unknown as ColdStoreDoc }, now);
  // an excursion whose tolerance passes with no new reading (a logger gone quiet) is found by
  // judging what is in transit again every few minutes
  return raised;
}

defineJob({ name: 'coldchain-judge', everyMs: 3_000, run: judgeDue });

/** Shipments in transit judged again now and then: time alone can pass a tolerance. */
async function rejudgeInTransit(now: Date) {
  await ShipmentModel.updateMany(
    { status: 'in_transit', judgeDue: null, 'summary.readings': { $gt: 0 } },
    { $set: { judgeDue: now } },
  );
}
defineJob({ name: 'coldchain-rejudge', everyMs: 5 * 60_000, run: rejudgeInTransit });
