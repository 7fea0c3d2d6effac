// The audit trail as people read it (issue 8): names for ids, days in Shanghai, fields and
// values in the reader's words, links only where the reader may go, and a count that adds up.
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { AuditEventModel, SYSTEM_ACTOR } from '#models/kernel/audit';
import { getBase, recordHerdEvent } from '#models/field/herd';
import * as audit from '~/routes/audit';
import * as plantingEdit from '~/routes/plantings.$id.edit';
import * as plantingNew from '~/routes/plantings.new';
import { resources } from '~/i18n/messages.server';
import type { ShownEvent } from '~/utils/audit-view';
import { AUDIT_FIELDS } from '~/utils/audit.server';
import { formatDate, formatMoney, formatQuantity } from '~/utils/format';
import { makeAdmin, makeKudzu, makeProduct, makeTownWithRoles } from '#tests/factories';
import { args, requestAs } from '#tests/utils';

const field = (e: ShownEvent, name: string) => e.fields.find((f) => f.field === name);

async function plantAndCorrect() {
  const w = await makeTownWithRoles();
  const kudzu = await makeKudzu(w.town._id);
  const form = {
    villageId: String(w.village._id),
    productId: String(kudzu._id),
    areaMu: '2',
    households: '3',
    plantedOn: '2026-03-01',
  };
  const created = (await plantingNew.action(
    args(await requestAs(w.users.cooperative, '/plantings/new', { form })),
  )) as Response;
  const id = created.headers.get('Location')!.split('/').pop()!;
  await plantingEdit.action(
    args(
      await requestAs(w.users.cooperative, `/plantings/${id}/edit`, {
        form: { ...form, areaMu: '2.5', plantedOn: '2026-03-02' },
      }),
      { id },
    ),
  );
  return { ...w, kudzu, id };
}

describe('reading the audit trail', () => {
  it('names people, organizations and records, shows days in Shanghai and values with their units', async () => {
    const w = await plantAndCorrect();
    const page = await audit.loader(args(await requestAs(w.users.official, `/audit?recordId=${w.id}`)));
    expect(page.events.map((e) => e.action)).toEqual(['update', 'create']);
    const [update, create] = page.events;
    // who: the user's name, username, role and organization, not ids
    expect(update.actor).toEqual({
      name: w.users.cooperative.displayName,
      username: w.users.cooperative.username,
      role: 'cooperative',
      org: w.orgs.cooperative.name,
    });
    // which record: its reference, linked to its page for an official
    expect(update.record.href).toBe(`/plantings/${w.id}`);
    expect(update.record.zh).toMatch(/^ZZ-/);
    // a change reads "before → after", each as what it is
    expect(field(update, 'areaMu')).toEqual({
      field: 'areaMu',
      before: { t: 'num', v: 2, unit: 'mu' },
      after: { t: 'num', v: 2.5, unit: 'mu' },
    });
    const day = field(update, 'plantedOn')!;
    expect(day.after.t).toBe('date');
    // stored as the Shanghai midnight of the 2nd (16:00 UTC on the 1st), shown as the 2nd
    expect(formatDate('zh', (day.after as { v: string }).v)).toBe('2026/03/02');
    expect(formatDate('en', (day.before as { v: string }).v)).toBe('2026-03-01');
    // the created record's references are names, in both languages for a product
    expect(field(create, 'villageId')!.after).toEqual({ t: 'ref', zh: w.village.name, en: w.village.name });
    expect(field(create, 'productId')!.after).toEqual({
      t: 'ref',
      zh: '鲜葛根',
      en: w.kudzu.nameEn || '鲜葛根',
    });
    expect(field(create, 'orgId')!.after).toMatchObject({ t: 'ref', zh: w.orgs.cooperative.name });
    expect(field(create, 'season')!.after).toEqual({ t: 'text', v: '2026' }); // a year, not "2,026"
    // nothing in the page is a raw id or an ISO instant
    const words = JSON.stringify(page.events.flatMap((e) => e.fields));
    expect(words).not.toMatch(/[0-9a-f]{24}/);
  });

  it('shows money in 元, signed head counts, kinds and buyers, and the record a reversal voids', async () => {
    const w = await makeTownWithRoles();
    await makeProduct(w.town._id, { code: 'SZ', name: '生猪', category: 'livestock', unit: 'head' });
    const base = (await getBase(w.orgs.base._id))!;
    const actor = {
      ...SYSTEM_ACTOR,
      userId: w.users.base._id,
      username: w.users.base.username,
      role: 'base',
      orgId: w.orgs.base._id,
      townId: w.town._id,
    };
    const common = { species: 'pig' as const, earTags: '', notes: '', cause: '', buyer: '' };
    await recordHerdEvent(base, { ...common, kind: 'purchase', date: '2026-05-01', head: 10 }, actor);
    const sale = await recordHerdEvent(
      base,
      {
        ...common,
        kind: 'sale',
        date: '2026-06-01',
        head: 4,
        buyer: '九天食品',
        weightKg: 480,
        priceYuan: 3680,
      },
      actor,
    );
    if (!sale.ok) throw new Error('sale not recorded');
    const page = await audit.loader(
      args(await requestAs(w.users.official, `/audit?recordId=${String(sale.id)}`)),
    );
    const created = page.events.find((e) => e.action === 'create')!;
    expect(field(created, 'priceFen')!.after).toEqual({ t: 'money', fen: 368_000 });
    expect(formatMoney('zh', 368_000)).toBe('3,680.00 元');
    expect(field(created, 'delta')!.after).toEqual({ t: 'num', v: -4, unit: 'head', signed: true });
    expect(formatQuantity('en', 12, 'head', { signed: true })).toBe('+12 head');
    expect(field(created, 'kind')!.after).toEqual({ t: 'word', key: 'herd.kinds.sale' });
    expect(field(created, 'lotId')!.after).toEqual({ t: 'ref', zh: sale.lotCode, en: sale.lotCode });
    expect(created.record.zh).toBe('出售 2026-06-01');
    expect(created.record.en).toBe('Sale 2026-06-01');
    expect(created.record.href).toBe(`/herd/events/${String(sale.id)}`);
  });

  it('links a record only where the reader may open it', async () => {
    const w = await plantAndCorrect();
    const { admin } = await makeAdmin();
    const seen = await audit.loader(args(await requestAs(admin, `/audit?recordId=${w.id}`)));
    expect(seen.events).toHaveLength(2);
    expect(seen.events.every((e) => e.record.href === null)).toBe(true); // admins do not open plantings
    const towns = await audit.loader(args(await requestAs(admin, `/audit?entity=Town`)));
    expect(towns.events.some((e) => e.record.href === `/admin/towns/${String(w.town._id)}`)).toBe(true);
  });

  it('counts what it pages through: every event once, the last page holding the rest', async () => {
    const w = await makeTownWithRoles();
    const now = Date.now();
    await AuditEventModel.collection.insertMany(
      Array.from({ length: 60 }, (_, i) => ({
        _id: new mongoose.Types.ObjectId(),
        at: new Date(now - i * 1000),
        actor: { ...SYSTEM_ACTOR },
        action: 'update',
        entity: 'Village',
        recordId: w.village._id,
        townId: w.town._id,
        label: w.village.name,
        before: { households: i },
        after: { households: i + 1 },
        changed: ['households'],
      })),
    );
    const url = `/audit?recordId=${String(w.village._id)}`;
    const first = await audit.loader(args(await requestAs(w.users.official, url)));
    expect(first.total).toBe(61); // the village's creation and the 60 changes
    const pages = Math.ceil(first.total / first.pageSize);
    const ids: string[] = [];
    for (let p = 1; p <= pages; p += 1) {
      const page = await audit.loader(args(await requestAs(w.users.official, `${url}&page=${p}`)));
      expect(page.total).toBe(first.total);
      ids.push(...page.events.map((e) => e.id));
    }
    expect(ids).toHaveLength(first.total);
    expect(new Set(ids).size).toBe(first.total);
    const beyond = await audit.loader(args(await requestAs(w.users.official, `${url}&page=${pages + 1}`)));
    expect(beyond.events).toEqual([]);
    // the system's repairs and changes read as such
    expect(first.events[0].actor).toMatchObject({ role: 'system', org: null });
    expect(field(first.events[0], 'households')).toEqual({
      field: 'households',
      before: { t: 'num', v: 0, unit: 'households' },
      after: { t: 'num', v: 1, unit: 'households' },
    });
  });

  it('has a label in both languages for every field an audited record stores', () => {
    const audited = [
      'Town',
      'Village',
      'Organization',
      'Product',
      'User',
      'Planting',
      'Harvest',
      'Lot',
      'HerdEvent',
      'Contract',
      'MarketPrice',
      'Delivery',
      'Amendment',
      'Household',
      'PurchasePrice',
      'HouseholdEntry',
      'Distribution',
      'IntakeTicket',
      'Run',
      'Shipment',
      'ColdStore',
      'Webhook',
    ];
    const ignored = new Set(['_id', '__v', 'createdAt', 'updatedAt', 'holds']);
    const stored = new Set(
      audited.flatMap((name) =>
        Object.keys(mongoose.model(name).schema.paths)
          .map((p) => p.split('.')[0])
          .filter((p) => !ignored.has(p)),
      ),
    );
    for (const lng of ['zh', 'en'] as const) {
      const labels = (resources[lng].audit as { fields: Record<string, string> }).fields;
      expect([...stored].filter((f) => !labels[f])).toEqual([]);
      expect(AUDIT_FIELDS.filter((f) => !labels[f])).toEqual([]);
    }
    // every field given a kind of value is one a record stores (no stale names)
    expect(AUDIT_FIELDS.filter((f) => !stored.has(f))).toEqual([]);
  });
});
