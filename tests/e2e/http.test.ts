// The app over HTTP as an attacker meets it: headers, cross-site posts however disguised,
// malformed addresses, oversize headers, unknown pages.
import http from 'node:http';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { signIn, TestApp } from '../../scripts/lib/app-process';

const base = () => inject('baseURL');

/** A raw request, so that the path is sent exactly as written (fetch would resolve `..`). */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  const url = new URL(base());
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: options.method ?? 'GET',
          headers: options.headers,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end(options.body);
    },
  );
}

const form = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('over HTTP', () => {
  it('sends a Content-Security-Policy whose nonce every script carries', async () => {
    const res = await raw('/login');
    const csp = String(res.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const scripts = [...res.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((s) => s.includes(`nonce="${nonce}"`))).toBe(true);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined(); // plain http here
  });

  it('refuses cross-site posts however they are dressed up, before the app reads them', async () => {
    const own = base();
    const post = (path: string, headers: Record<string, string>) =>
      raw(path, { method: 'POST', headers: { ...form, ...headers }, body: 'lng=en&redirectTo=/' });
    expect((await post('/set-language', { Origin: own })).status).toBe(302);
    expect((await post('/set-language', { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(302);
    const disguises: Record<string, string>[] = [
      { Origin: 'http://evil.example' },
      { Origin: own.replace('http:', 'https:') }, // the scheme counts
      { Origin: 'http://evil.example', 'X-Forwarded-Host': new URL(own).host }, // not from a trusted proxy
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: own, 'Sec-Fetch-Site': 'cross-site' }, // the browser's word wins (issue 25)
      { Origin: own, 'Sec-Fetch-Site': 'same-site' },
      {}, // says nothing, and carries no form token
    ];
    for (const headers of disguises) {
      const res = await post('/set-language', headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body).toMatch(/跨站请求被拒绝|无法确认这次提交来自乡链的页面/);
    }
    // an exemption cannot be reached by a path that only looks like it
    const sneaky = await post('/api/../set-language', {
      Origin: 'http://evil.example',
      Authorization: 'Bearer x',
    });
    expect(sneaky.status).toBe(403);
  });

  it('answers a malformed address, oversize headers and unknown pages with a page, not a bare error', async () => {
    const bad = await raw('/plantings/%');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('请求无效');
    const huge = await raw('/', { headers: { 'X-Big': 'x'.repeat(20_000) } });
    expect(huge.status).toBe(431);
    expect(huge.body).toContain('请求头过大');

    // signed in, in English: the app's own page around it, in English
    const client = await signIn(base(), 'official');
    const lng = await raw('/set-language', {
      method: 'POST',
      headers: { ...form, Origin: base(), Cookie: client.cookie },
      body: 'lng=en&redirectTo=/',
    });
    const cookies = [client.cookie, ...(lng.headers['set-cookie'] ?? []).map((c) => c.split(';')[0])].join(
      '; ',
    );
    const missing = await raw('/no-such-page', { headers: { Cookie: cookies } });
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('Page not found');
    expect(missing.body).toContain('class="mainnav"');
    const wrongMethod = await raw('/lots', {
      method: 'POST',
      headers: { ...form, Origin: base(), Cookie: cookies },
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body).toContain('This operation is not supported');
  });
});

describe('what every answer is made of (issue 17)', () => {
  it('long pages with Chinese are valid UTF-8 at any length, with no NUL anywhere', async () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    let bytes = 0;
    for (const [role, paths] of [
      [
        'official',
        ['/contracts', '/deliveries', '/lots', '/households', '/plantings', '/audit', '/dashboard'],
      ],
      ['coop-fengqi', ['/deliveries', '/lots', '/households', '/payouts']],
      ['ent-jiutian', ['/deliveries', '/contracts']],
    ] as const) {
      const client = await signIn(base(), role);
      for (const path of paths) {
        const res = await fetch(`${base()}${path}`, { headers: { Cookie: client.cookie } });
        const body = new Uint8Array(await res.arrayBuffer());
        bytes += body.byteLength;
        expect(res.status, path).toBe(200);
        const text = strict.decode(body); // throws on any invalid sequence
        expect(text.includes('\u0000'), `${role} ${path}: NUL`).toBe(false);
        expect(text.includes('\uFFFD'), `${role} ${path}: U+FFFD`).toBe(false);
      }
    }
    expect(bytes).toBeGreaterThan(200_000); // pages long enough to cross many 2 KB boundaries
  });

  it('an empty Idempotency-Key is refused as not valid; the token page is never cached', async () => {
    const res = await raw('/api/v1/deliveries', {
      method: 'GET',
      headers: { Authorization: 'Bearer xl_nothing', 'Idempotency-Key': '' },
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('bad_request');
    const unknown = await raw('/api/v1/receipts', { headers: { Authorization: 'Bearer xl_nothing' } });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('not_found');
    const client = await signIn(base(), 'ent-jiutian');
    const page = await raw('/account/tokens', { headers: { Cookie: client.cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
  });
});

describe('served over HTTPS', () => {
  const app = new TestApp();
  afterAll(() => app.dispose());
  it('tells browsers to keep to HTTPS', async () => {
    await app.start({ PUBLIC_URL: 'https://xianglian.example.cn' });
    const res = await fetch(`${app.baseURL}/login`);
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('a refusal sent while a file is still uploading reaches the client, not a broken connection', async () => {
    const url = new URL(base());
    const boundary = 'xl-upload-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const chunks = 32; // 2 MB, sent over about a fifth of a second
    const answer = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: '/imports',
          method: 'POST',
          headers: {
            'Content-Type': `multipart/form-data; boundary=${boundary}`,
            'Content-Length': Buffer.byteLength(head) + chunks * chunk.length + Buffer.byteLength(tail),
            'Sec-Fetch-Site': 'same-origin',
          },
        },
        (res) => {
          res.resume();
          // the answer counts once the whole body has gone out too (a closed socket fails that)
          res.on('end', () =>
            sentAll.then(() => resolve({ status: res.statusCode ?? 0, location: res.headers.location })),
          );
        },
      );
      const sentAll = new Promise((done) => req.on('finish', done));
      req.on('error', reject);
      req.write(head);
      let sent = 0;
      const pump = () => {
        if (sent++ === chunks) return void req.end(tail);
        req.write(chunk);
        setTimeout(pump, 5);
      };
      pump();
    });
    // not signed in: sent to sign in (the body was never read, and nothing broke)
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/^\/login/);
  });
});
