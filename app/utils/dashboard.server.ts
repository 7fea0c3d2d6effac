// What the dashboard, the drill-down, the monthly report and the targets pages share: the
// filters read from the URL (checked against the town's own villages, crops and buyers — an
// unknown or out-of-range value is ignored and named), names, and the town's figures.
import type { Language } from '~/i18n';
import { data } from '@remix-run/node';
import type { Types } from 'mongoose';
import { headCounts, loadFacts, measureTarget, needsSellerSales } from '#models/oversight';
import { listTargets } from '#models/oversight/target';
import { ProductModel } from '#models/town/product';
import type { Scope } from '#models/kernel/scope';
import type { DashboardFilter } from '#models/oversight';
import { requireUser } from './auth.server';
import { todayInShanghai } from './dates';
import { exportFormat } from './export.server';
import { requirePermission } from './permissions.server';
import { orgNames, villageNames } from './households.server';

export const EARLIEST_YEAR = 2000;

export function today(now = new Date()) {
  const date = todayInShanghai(now);
  return { date, year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

/** The town's villages, crops and products, buyers, bases and cooperatives, by id. */
export async function townNames(townId: Types.ObjectId | null) {
  const [villages, orgs, enterprises, products] = await Promise.all([
    villageNames(townId),
    orgNames(townId, ['enterprise', 'base', 'cooperative']),
    orgNames(townId, ['enterprise']),
    ProductModel.find({ townId }).select('name nameEn category unit archivedAt').lean(),
  ]);
  return {
    villages: villages.names,
    villageOptions: villages.options,
    orgs: orgs.names,
    enterpriseOptions: enterprises.options,
    products: Object.fromEntries(
      products.map((p) => [String(p._id), { zh: p.name, en: p.nameEn || p.name, unit: p.unit }]),
    ) as Record<string, { zh: string; en: string; unit: string }>,
    productOptions: products
      .filter((p) => !p.archivedAt && p.category !== 'meat')
      .map((p) => ({ value: String(p._id), label: p.name, labelEn: p.nameEn || p.name })),
  };
}
export type TownNames = Awaited<ReturnType<typeof townNames>>;

/**
 * The filters in a URL. Each must name something of the town (a year between 2000 and next
 * year); anything else is dropped and reported, so a forged or stale link still opens.
 */
export function readFilter(url: URL, names: TownNames, now = today()) {
  const ignored: string[] = [];
  const p = url.searchParams;
  const yearText = p.get('year');
  let year = now.year;
  if (yearText) {
    const y = Number(yearText);
    if (/^\d{4}$/.test(yearText) && y >= EARLIEST_YEAR && y <= now.year + 1) year = y;
    else ignored.push(yearText.slice(0, 20));
  }
  const pick = (key: string, known: (v: string) => boolean) => {
    const v = p.get(key);
    if (!v) return undefined;
    if (known(v)) return v;
    ignored.push(v.slice(0, 30));
    return undefined;
  };
  const filter: DashboardFilter = {
    year,
    villageId: pick('village', (v) => v in names.villages),
    productId: pick('crop', (v) => v in names.products),
    enterpriseId: pick('enterprise', (v) => names.enterpriseOptions.some((o) => o.value === v)),
  };
  return { filter, ignored };
}

/** What a filter narrows to, in words (青龙村 · 鲜葛根 · 九天): a title and a file name carry it. */
export function filterLabel(f: DashboardFilter, names: TownNames, lng: Language) {
  return [
    f.villageId ? names.villages[f.villageId] : null,
    f.productId ? names.products[f.productId]?.[lng] : null,
    f.enterpriseId ? names.enterpriseOptions.find((o) => o.value === f.enterpriseId)?.label : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The query string of a filter (links that keep the view). */
export function filterQuery(f: DashboardFilter, extra: Record<string, string | number> = {}) {
  const q = new URLSearchParams();
  q.set('year', String(f.year));
  if (f.villageId) q.set('village', f.villageId);
  if (f.productId) q.set('crop', f.productId);
  if (f.enterpriseId) q.set('enterprise', f.enterpriseId);
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
}

/** Everything the town's figures start from, read once per request. */
export async function townFigures(
  scope: Scope,
  now = today(),
  { includeArchived = false, year = now.year } = {},
) {
  const townId = scope.townId!;
  const list = await listTargets(scope, { includeArchived });
  const [facts, heads] = await Promise.all([
    loadFacts(townId, year, now.year, { sellers: needsSellerSales(list) }),
    headCounts(townId),
  ]);
  const targets = list.map((t) => measureTarget(t, facts, heads, now));
  return { facts, heads, targets };
}

/** An export of the dashboard's: an official's request with a format (else 400), its filter. */
export async function dashboardExportRequest(request: Request) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'dashboard');
  const url = new URL(request.url);
  const format = exportFormat(url);
  if (!format) throw data({ error: 'bad_request' }, { status: 400 });
  const names = await townNames(user.townId);
  return { user, scope, url, format, names, filter: readFilter(url, names).filter };
}
