// The fuzz test. It finds the app's forms by itself — crawling every page each demo account
// can reach, and reading every route with an action from the built server, so that a form or
// route added later is fuzzed without anyone listing it — then posts a corpus of bad values
// into every field, bad bodies, and each form as every other role. For every answer: no 5xx;
// where the input was refused, no change in the database; every value echoed back escaped.
// The forms are shared out between shards (tests/e2e/fuzz-*.test.ts), each against an app and a
// database of its own, so that they run side by side.
import crypto from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '#tests/factories/demo-town';
import { postForm, signIn, TestApp, type Client } from '../../../scripts/lib/app-process';
import { forms, links, type PageForm } from './html';
import { matchRoute, routeManifest, type RouteInfo } from './routes';

const app = new TestApp();
let mongo: MongoClient;
let db: Db;
let routes: RouteInfo[];

const MARK = 'xl-fuzz';
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Values no form should take as they are, or should take only escaped. */
const CORPUS = [
  '',
  ' ',
  'x'.repeat(5000),
  `<${MARK}>`,
  `"><${MARK} onerror=alert(1)>`,
  `'><script>${MARK}</script>`,
  '{"$gt":""}',
  '-1',
  '0',
  '1e308',
  '0x10',
  'Infinity',
  '１２３',
  '1,2,3',
  '\u202Egpj.exe',
  'a\u0000b',
  '2026-02-30',
  '0099-01-01',
  '000000000000000000000000',
  '__proto__',
  '🐷'.repeat(20),
  '%ZZ',
  // ways out of the app, for every field that ends up in a redirect
  '/\t/evil.example',
  '/\t\\evil.example',
  '//evil.example',
  '/\r\nSet-Cookie: x=1',
  'https://evil.example/',
];

/** Requests that do not come from the app's own pages, whatever they claim. */
const FOREIGN_ORIGINS: Array<Record<string, string>> = [
  { Origin: 'http://evil.example' },
  { Origin: 'null' },
  { 'Sec-Fetch-Site': 'cross-site' },
  {}, // no Origin, no Sec-Fetch-Site, and no form token
];

/** Bodies that are not a form, or not a well-formed one. */
const BAD_BODIES: Array<{ body: BodyInit; type: string }> = [
  { body: '{"name":"x"}', type: 'application/json' },
  { body: 'name=x', type: 'text/plain' },
  {
    body: '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nbroken',
    type: 'multipart/form-data; boundary=b',
  },
  { body: 'a=%FF%FE', type: 'application/x-www-form-urlencoded' },
  { body: 'a=%E4%B8', type: 'application/x-www-form-urlencoded' },
  { body: 'redirectTo[1000000]=x', type: 'application/x-www-form-urlencoded' },
  { body: '__proto__[admin]=1&constructor.prototype.x=1', type: 'application/x-www-form-urlencoded' },
  { body: `a=${'x'.repeat(400_000)}`, type: 'application/x-www-form-urlencoded' },
  { body: '', type: 'application/x-www-form-urlencoded' },
  { body: 'name=x', type: 'application/x-www-form-urlencoded; charset=gbk' },
];

const FILES = [
  new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), // a zip that is not a workbook
  new TextEncoder().encode(`村名,作物\n<${MARK}>,=cmd|'/c calc'!A1\n`),
  new Uint8Array(crypto.randomBytes(2048)),
];

// ---------------------------------------------------------------- sessions

const clients = new Map<string, Client>();
let snapshot: Record<string, Array<Record<string, unknown> & { _id: import('mongodb').ObjectId }>> = {};
const PROTECTED = ['users', 'organizations', 'towns', 'villages', 'products'];

async function takeSnapshot() {
  snapshot = {};
  for (const c of PROTECTED) snapshot[c] = (await db.collection(c).find().toArray()) as never;
}

/** Puts back what a successful fuzzed write could have done to the demo accounts' world. */
async function restoreWorld() {
  known = null;
  for (const c of PROTECTED) {
    for (const doc of snapshot[c]) {
      await db.collection(c).replaceOne({ _id: doc._id }, doc);
    }
  }
}

/** A signed-in client per role; signed in again (the world put back) when a post ended its session. */
async function client(role: string) {
  let c = clients.get(role);
  if (c) return c;
  await settle(); // what was refused before is checked against the world it was refused in
  await restoreWorld();
  c = await signIn(app.baseURL, role);
  clients.set(role, c);
  return c;
}

const signedOut = (res: Response) => (res.headers.get('location') ?? '').startsWith('/login');

// ---------------------------------------------------------------- the database's state

/**
 * Sign-in bookkeeping, an operation's record of a refused write and the audit trail's seals
 * (written by the sealer in the background, models/kernel/audit-seal.ts) are not data changes.
 */
// The dashboard's facts and their marks are derived figures, recomputed when a page reads them
// after an earlier write (models/kernel/facts.ts): a page answering a refused post may write them.
const NOT_DATA = [
  'sessions',
  'loginthrottles',
  'operations',
  'lotcounters',
  'meta',
  'auditseals',
  'facts',
  'factmarks',
];
let known: string | null = null; // the state after the last answer, while nothing else wrote
let fpTime = 0;

/**
 * The number of documents of each collection holding data, and the newest audit event: any
 * write moves one. Counted per collection (not the database's total less the bookkeeping), so
 * that a seal the sealer writes meanwhile is never half counted.
 */
async function fingerprint() {
  const t0 = performance.now();
  fingerprints += 1;
  // listed every time: a list refreshed now and then made two fingerprints of the same data
  // differ whenever a collection had appeared in between
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((n) => !NOT_DATA.includes(n) && !n.startsWith('system.'))
    .sort();
  const [counts, last] = await Promise.all([
    Promise.all(names.map((n) => db.collection(n).estimatedDocumentCount())),
    db
      .collection('auditevents')
      .find()
      .sort({ _id: -1 })
      .limit(1)
      .project<{ _id: unknown }>({ _id: 1 })
      .toArray(),
  ]);
  fpTime += performance.now() - t0;
  return JSON.stringify([names.map((n, i) => `${n}:${counts[i]}`), last[0]?._id]);
}

const before = async () => known ?? (known = await fingerprint());

/**
 * Refused answers not yet checked against the database. A fingerprint costs about 40 queries,
 * as much as the request itself, so refusals are checked in batches: one fingerprint once
 * `batch` of them have gathered (the batch doubles, up to 8, while they check clean, and falls
 * back to 1 at any saved answer or change). A saved answer after unchecked refusals moves the
 * database itself, so those refusals are sent again (with fresh keys), each checked alone.
 */
interface Unchecked {
  label: string;
  role: string | null;
  resend: () => Promise<Response>;
}
let unchecked: Unchecked[] = [];
const MAX_BATCH = Number(process.env.XL_FUZZ_BATCH ?? 8);
let batch = 1;
let savedAnswers = 0;
let fingerprints = 0;
let resent = 0;

/** Checks the refusals gathered so far: the database must be as it was before the first. */
async function settle() {
  if (!unchecked.length) return;
  const after = await fingerprint();
  if (known !== null && after !== known) {
    const labels = unchecked.map((u) => u.label);
    failures.push(
      labels.length === 1
        ? `${labels[0]}: refused but the database changed`
        : `one of ${labels.length} refused requests changed the database: ${labels.join(' | ')}`,
    );
    batch = 1;
  } else batch = Math.min(batch * 2, MAX_BATCH);
  known = after;
  unchecked = [];
}

/** A fresh one-time key in a body that had one (a repeat is a new request, not a replay). */
function freshKey(body: BodyInit): BodyInit {
  const key = crypto.randomUUID().replace(/-/g, '');
  if (body instanceof URLSearchParams && body.has('_once')) {
    const copy = new URLSearchParams(body);
    copy.set('_once', key);
    return copy;
  }
  if (body instanceof FormData && body.has('_once')) {
    const copy = new FormData();
    for (const [k, v] of body) copy.append(k, v);
    copy.set('_once', key);
    return copy;
  }
  return body;
}

// ---------------------------------------------------------------- checks on every answer

/** A NUL or a replacement character: bytes that were not valid UTF-8, or text cut in two. */
function brokenText(label: string, text: string) {
  // eslint-disable-next-line no-control-regex -- finding NUL is the point
  const at = text.search(/[\u0000\uFFFD]/);
  if (at >= 0)
    failures.push(`${label}: broken text at ${at}: ${JSON.stringify(text.slice(at - 20, at + 5))}`);
}

let requests = 0;
let lastLabel = ''; // named when a connection fails after an answer
const failures: string[] = [];
const covered = new Set<string>();

async function check(label: string, res: Response, role: string | null, resend: () => Promise<Response>) {
  requests += 1;
  lastLabel = label;
  const text = await res.text();
  if (res.status >= 500) failures.push(`${label}: ${res.status} ${text.slice(0, 200)}`);
  // echoes matter in pages; a single-fetch answer is data, never rendered as HTML
  const html = (res.headers.get('content-type') ?? '').includes('text/html');
  if (html) brokenText(label, text);
  if (html && (text.includes(`<${MARK}`) || text.includes(`<script>${MARK}`)))
    failures.push(`${label}: unescaped value echoed`);
  // a redirect: from a page post 302, from a single-fetch post 202 with the address; or 201,
  // a write answered with what it made, shown once (a new API token)
  const saved =
    res.status === 302 ||
    res.status === 303 ||
    res.status === 201 ||
    (res.status === 202 && res.headers.has('location'));
  if (role && signedOut(res)) clients.delete(role);
  if (!saved) {
    unchecked.push({ label: `${label}: ${res.status}`, role, resend });
    if (unchecked.length >= batch) await settle();
  }
  const location = res.headers.get('location');
  if (location && new URL(location, app.baseURL).origin !== app.baseURL)
    failures.push(`${label}: redirects off-site to ${location}`);
  if (saved && location?.startsWith('/') && !location.startsWith('//')) {
    const next = await fetch(`${app.baseURL}${location}`, {
      redirect: 'manual',
      headers: role ? { Cookie: clients.get(role)?.cookie ?? '' } : {},
    });
    const page = await next.text();
    requests += 1;
    if (role && signedOut(next)) clients.delete(role);
    if (next.status >= 500) failures.push(`${label} → ${location}: ${next.status}`);
    if (page.includes(`<${MARK}`)) failures.push(`${label} → ${location}: unescaped value echoed`);
  }
  if (saved) {
    savedAnswers += 1;
    // the database moved: the refusals before this answer cannot be told from its write
    const doubtful = unchecked;
    unchecked = [];
    known = null;
    batch = 1;
    for (const u of doubtful) {
      resent += 1;
      await before();
      let again: Response;
      try {
        again = await u.resend();
      } catch (error) {
        failures.push(`${u.label} (again): ${(error as Error).cause ?? error}`);
        continue;
      }
      await check(`${u.label} (again)`, again, u.role, u.resend);
      await settle();
    }
  }
}

// ---------------------------------------------------------------- crawling

interface Found {
  role: string | null;
  page: string;
  form: PageForm;
  route: RouteInfo;
}

/**
 * Every page a role reaches by following links from its home page (two of each route), with
 * the forms on them. A link the role is shown but may not follow (403) or that leads nowhere
 * (404) is a failure: pages offer only what their reader can use.
 */
async function crawl(role: string | null): Promise<Found[]> {
  const found: Found[] = [];
  const seen = new Set<string>();
  const perRoute = new Map<string, number>();
  const queue: Array<{ path: string; from: string }> = [
    { path: '/', from: '(start)' },
    ...(role ? [] : [{ path: '/login', from: '(start)' }]),
  ];
  const unfollowed = new Map<string, Map<string, string>>();
  while (queue.length && seen.size < 150) {
    const { path, from } = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const headers: Record<string, string> = role ? { Cookie: (await client(role)).cookie } : {};
    const res = await fetch(`${app.baseURL}${path}`, { redirect: 'manual', headers });
    const body = await res.text();
    requests += 1;
    if (res.status >= 500) failures.push(`GET ${path} as ${role}: ${res.status}`);
    // pages are text; exports (XLSX, GB18030 CSV) and QR codes are bytes of their own
    if ((res.headers.get('content-type') ?? '').includes('text/html'))
      brokenText(`GET ${path} as ${role}`, body);
    if (res.status === 403 || res.status === 404)
      failures.push(`${from} shows ${role ?? 'anonymous'} a link to ${path}, which answers ${res.status}`);
    // a page that sends the reader on (an official's home is the dashboard): follow it
    const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
    if (location) {
      const next = new URL(location, `${app.baseURL}${path}`);
      if (next.origin === app.baseURL) queue.push({ path: next.pathname + next.search, from: path });
      continue;
    }
    if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('text/html')) continue;
    for (const form of forms(body)) {
      if (form.method !== 'post') continue;
      const target = new URL(form.action || path, `${app.baseURL}${path}`);
      const route = matchRoute(routes, target.pathname);
      if (!route) continue;
      form.action = target.pathname + target.search;
      found.push({ role, page: path, form, route });
    }
    for (const href of links(body)) {
      const url = new URL(href, `${app.baseURL}${path}`);
      if (url.origin !== app.baseURL) continue;
      const route = matchRoute(routes, url.pathname);
      const key = route?.id ?? url.pathname;
      if ((perRoute.get(key) ?? 0) >= 2) {
        // not crawled further, but opened once below: every link a role is shown must answer
        const more = unfollowed.get(key) ?? new Map<string, string>();
        if (more.size < 12) more.set(url.pathname + url.search, path);
        unfollowed.set(key, more);
        continue;
      }
      perRoute.set(key, (perRoute.get(key) ?? 0) + 1);
      queue.push({ path: url.pathname + url.search, from: path });
    }
  }
  // a link of each route in turn, up to a bound (opening every row of every list would double
  // the run): over the demo town that reaches every kind of row a role is shown
  const lists = [...unfollowed.values()].map((m) => [...m].filter(([target]) => !seen.has(target)));
  const extra: Array<[string, string]> = [];
  for (let i = 0; extra.length < 30 && lists.some((l) => l.length > i); i += 1)
    for (const l of lists) if (l[i] && extra.length < 30) extra.push(l[i]!);
  for (const [target, from] of extra) {
    const headers: Record<string, string> = role ? { Cookie: (await client(role)).cookie } : {};
    const res = await fetch(`${app.baseURL}${target}`, { redirect: 'manual', headers });
    await res.arrayBuffer();
    requests += 1;
    if (res.status >= 500) failures.push(`GET ${target} as ${role}: ${res.status}`);
    if (res.status === 403 || res.status === 404)
      failures.push(`${from} shows ${role ?? 'anonymous'} a link to ${target}, which answers ${res.status}`);
  }
  return found;
}

/** A plausible value for a field, so that one bad field at a time is what the server sees. */
function plausible(field: PageForm['fields'][number]) {
  if (field.value) return field.value;
  if (field.kind === 'select') return field.options.find(Boolean) ?? '';
  if (field.type === 'number') return '2';
  if (field.type === 'date') return TODAY;
  if (field.type === 'password') return 'fuzz-password-1';
  return '测试';
}

function bodyOf(form: PageForm, values: Record<string, string>, file?: Uint8Array): BodyInit {
  if (form.enctype === 'multipart/form-data') {
    const data = new FormData();
    for (const [k, v] of Object.entries(values)) data.append(k, v);
    if (file) data.set('file', new Blob([file as BlobPart]), 'fuzz.csv');
    return data;
  }
  return new URLSearchParams(values);
}

/**
 * The address a browser with JavaScript posts to (Remix's single fetch, `…/x.data`): the same
 * action, without the page being rendered around its answer.
 */
function dataAddress(action: string) {
  const url = new URL(action, app.baseURL);
  const path = url.pathname === '/' ? '/_root' : url.pathname.replace(/\/$/, '');
  return `${path}.data${url.search}`;
}

/** A post of one body to a form's address as its role (signed in again if need be), to send again. */
const poster = (found: Found, body: BodyInit, type?: string, headers?: Record<string, string>) => async () =>
  postForm(app.baseURL, found.role ? await client(found.role) : null, found.form.action, body, type, headers);

/** Posts one body; the page itself (`document`) for values that may be echoed into it. */
async function send(
  found: Found,
  role: string | null,
  values: Record<string, string>,
  label: string,
  { file, document = false }: { file?: Uint8Array; document?: boolean } = {},
) {
  const c = role ? await client(role) : null;
  await before();
  let res: Response;
  const to = document ? found.form.action : dataAddress(found.form.action);
  const body = bodyOf(found.form, values, file);
  try {
    res = await postForm(app.baseURL, c, to, body);
  } catch (error) {
    failures.push(
      `${label} as ${role ?? 'anonymous'} (after ${lastLabel}): ${(error as Error).cause ?? error}`,
    );
    return;
  }
  const resend = async () => postForm(app.baseURL, role ? await client(role) : null, to, freshKey(body));
  await check(`${label} as ${role ?? 'anonymous'}`, res, role, resend);
}

// ---------------------------------------------------------------- the run

/** The fuzz of every `shards`-th form, from the `shard`-th (0-based); shard 0 also posts to the routes no form offers. */
export function fuzz(shard: number, shards: number) {
  beforeAll(async () => {
    routes = routeManifest();
    await app.start();
    mongo = await MongoClient.connect(app.dbUri);
    db = mongo.db();
  }, 120_000);

  afterAll(async () => {
    if (process.env.XL_FUZZ_VERBOSE) console.error(app.log.slice(-5000));
    await mongo?.close();
    await app.dispose();
  });

  describe(`fuzz ${shard + 1} of ${shards}`, () => {
    it('every form and action route: no 5xx, no write from bad input, every echo escaped', async () => {
      const started = Date.now();
      await takeSnapshot();
      const roles = [...DEMO_ACCOUNTS] as string[];
      const all: Found[] = [];
      for (const role of [null, ...roles]) {
        const found = await crawl(role);
        if (process.env.XL_FUZZ_VERBOSE) console.error(`[fuzz] ${role}: ${found.length} forms`);
        all.push(...found);
      }

      // one of each form per role (the same form on two pages is one form)
      const forms = new Map<string, Found>();
      for (const f of all) {
        const key = `${f.role}|${f.route.id}|${f.form.fields.map((x) => `${x.name}=${x.kind === 'button' ? x.value : ''}`).sort()}`;
        if (!forms.has(key)) forms.set(key, f);
      }
      // sign-out and the language switch last: they end or change the session
      const ordered = [...forms.values()].sort(
        (a, b) =>
          Number(/logout|set-language/.test(a.route.id)) - Number(/logout|set-language/.test(b.route.id)),
      );

      const spent = new Map<string, number>();
      const keyRepeated = new Set<string>(); // one form of each route sends its key twice
      // every shard crawls the same demo town, so each knows every form and plans alike: a form
      // two accounts of one role both have is fuzzed field by field once, and each form goes to
      // the shard with the least work so far (shard 0 starts with the routes posted to directly)
      const fieldsFuzzed = new Set<string>();
      const load = Array.from({ length: shards }, () => 0);
      const direct = routes.filter((r) => r.hasAction && !ordered.some((f) => f.route.id === r.id));
      load[0] += direct.length * (roles.length + 1) * CORPUS.length;
      const plan = ordered.map((found) => {
        const shape = `${found.route.id}|${found.form.fields.map((f) => f.name).sort()}`;
        const fuzzFields = !fieldsFuzzed.has(shape);
        fieldsFuzzed.add(shape);
        const cost = (fuzzFields ? found.form.fields.length * CORPUS.length : 0) + roles.length + 12;
        // sign-out and the language switch stay last in every shard (they end the session)
        const to = load.indexOf(Math.min(...load));
        load[to] += cost;
        const keyed = !!found.role && !keyRepeated.has(found.route.id);
        if (keyed) keyRepeated.add(found.route.id);
        return { found, fuzzFields, keyed, shard: to };
      });
      for (const found of ordered) covered.add(found.route.id);
      for (const { found, fuzzFields, keyed, shard: to } of plan) {
        if (to !== shard) continue;
        const t0 = Date.now();
        const label = `${found.route.path} (${found.page})`;
        const base = Object.fromEntries(
          found.form.fields
            .filter((f) => f.kind !== 'button' || f.name === 'intent')
            .map((f) => [f.name, plausible(f)]),
        );
        const fuzzable = fuzzFields
          ? found.form.fields.filter((f) => f.name !== '_once' && f.kind !== 'button')
          : [];
        for (const field of fuzzable) {
          for (const value of CORPUS) {
            await send(
              found,
              found.role,
              { ...base, [field.name]: value, _once: crypto.randomUUID().replace(/-/g, '') },
              `${label} ${field.name}=${JSON.stringify(value.slice(0, 20))}`,
              // values that would show if echoed unescaped go to the page itself too
              { document: value.includes(MARK) },
            );
          }
        }
        if (found.form.enctype === 'multipart/form-data') {
          for (const file of FILES)
            await send(found, found.role, base, `${label} file`, { file, document: true });
        }
        for (const bad of BAD_BODIES) {
          await before();
          const post = poster(found, bad.body, bad.type);
          let res: Response;
          try {
            res = await post();
          } catch (error) {
            failures.push(`${label} body ${bad.type}: ${(error as Error).cause ?? error}`);
            continue;
          }
          await check(`${label} body ${bad.type}`, res, found.role, post);
        }
        // the same form from another site, however it is dressed up: refused, nothing written
        for (const headers of FOREIGN_ORIGINS) {
          await before();
          const post = poster(found, new URLSearchParams(base), undefined, headers);
          const res = await post();
          if (res.status !== 403)
            failures.push(`${label} from ${JSON.stringify(headers)}: ${res.status}, not 403`);
          await check(`${label} from ${JSON.stringify(headers)}`, res, found.role, post);
        }
        // the same one-time key again with another body: a refusal (or the first answer), never a 5xx
        if (keyed) {
          const key = crypto.randomUUID().replace(/-/g, '');
          const field = found.form.fields.find(
            (f) => f.name !== '_once' && f.kind !== 'button' && f.kind !== 'select',
          );
          await send(found, found.role, { ...base, _once: key }, `${label} keyed`);
          await send(
            found,
            found.role,
            { ...base, ...(field && { [field.name]: `${plausible(field)}2` }), _once: key },
            `${label} same key, another body`,
          );
        }
        // the same form as every other role, and signed out
        for (const other of [null, ...roles]) {
          if (other === found.role) continue;
          await send(found, other, base, `${label} forged`);
        }
        const key = `${found.role} ${found.route.id}`;
        spent.set(key, (spent.get(key) ?? 0) + Date.now() - t0);
      }
      if (process.env.XL_FUZZ_VERBOSE)
        console.error(
          [...spent]
            .sort((a, b) => b[1] - a[1])
            .slice(0, 15)
            .map(([k, v]) => `${v} ms ${k}`)
            .join('\n'),
        );

      // routes with an action that no page offers a form for are posted to directly (by one shard)
      for (const route of routes.filter((r) => r.hasAction && !covered.has(r.id))) {
        covered.add(route.id);
        if (shard !== 0) continue;
        const path = route.path.replace(/:[^/]+/g, '000000000000000000000000');
        const found: Found = {
          role: null,
          page: '-',
          form: { action: path, method: 'post', enctype: 'application/x-www-form-urlencoded', fields: [] },
          route,
        };
        for (const role of [null, ...roles]) {
          for (const value of CORPUS)
            await send(found, role, { value, intent: value }, `${route.path} direct`);
        }
      }

      await settle();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.error(failures.slice(0, 40).join('\n'));
      console.error(
        `[fuzz] ${fingerprints} fingerprints in ${Math.round(fpTime)} ms, ${resent} refusals sent again after ${savedAnswers} saved answers; ${requests} requests, ${forms.size} forms on ${covered.size} action routes, ${seconds} s; ` +
          `${failures.length} failures`,
      );
      expect(failures.slice(0, 30)).toEqual([]);
      expect(
        routes
          .filter((r) => r.hasAction)
          .map((r) => r.id)
          .filter((id) => !covered.has(id)),
      ).toEqual([]);
      expect(requests).toBeGreaterThanOrEqual(5000 / shards);
    }, 900_000);
  });
}
