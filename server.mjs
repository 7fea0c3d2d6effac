// The HTTP server: Express in front of Remix. Serves built assets, sets the security headers,
// limits bodies, rejects cross-site form posts, answers its own errors with a page in the
// user's language, and hands every other request to Remix.
import { createRequestHandler } from '@remix-run/express';
import compression from 'compression';
import express from 'express';
import { isBearerApiCall, requestSite } from './scripts/lib/same-origin.mjs';

export async function startServer({
  dev = false,
  port = Number(process.env.PORT ?? 3000),
  host = process.env.HOST,
} = {}) {
  const app = express();
  app.disable('x-powered-by');
  // Forwarded headers (X-Forwarded-Proto/-Host/-For) are believed only from a proxy named in
  // TRUST_PROXY (Express's syntax: `loopback`, an address, a hop count); from anyone else they
  // are ignored, so no client can claim to be another host.
  const trustProxy = process.env.TRUST_PROXY;
  if (trustProxy) app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
  const publicUrl = process.env.PUBLIC_URL ?? '';
  const https = publicUrl.startsWith('https:');

  app.use((req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'same-origin');
    res.set('X-Frame-Options', 'DENY');
    if (https || req.secure) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });
  app.use(compression());

  let viteDevServer;
  if (dev) {
    const vite = await import('vite');
    viteDevServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(viteDevServer.middlewares);
  } else {
    app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }));
    app.use(express.static('build/client', { maxAge: '1h' }));
  }

  // Body limits: forms are small, uploads (imports) up to 10 MB, a weigh ticket's photo 2 MB.
  const bodyLimit = (path) =>
    /^\/imports\/?$/.test(path)
      ? 11 * 1024 * 1024
      : /^\/deliveries\/new\/?$/.test(path)
        ? 3 * 1024 * 1024 // a photo of the weigh ticket
        : /^\/api\//.test(path)
          ? 1024 * 1024
          : 256 * 1024;

  // An answer sent before the request's body was read (a refusal: sign in first, not allowed)
  // still lets a body of a declared length within the limit arrive, and Node discards it, so
  // the client that is still sending (a phone uploading a file) gets the answer rather than a
  // broken connection. Any other unread body (over the limit, or of no declared length) closes
  // the connection, so that no one can make the server read what it has refused.
  app.use((req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const drainable = Number.isFinite(declared) && declared <= bodyLimit(req.path);
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      if (!req.complete && !drainable && !this.headersSent) this.setHeader('Connection', 'close');
      return writeHead.apply(this, args);
    };
    next();
  });

  // A declared length over the limit is refused at once, and the connection closed rather than
  // the rest of the body read; bodies that do not declare one are counted as Remix reads them.
  app.use((req, res, next) => {
    const limit = bodyLimit(req.path);
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      res.set('Connection', 'close');
      if (/^\/api\//.test(req.path)) {
        res.status(413).json({ error: { code: 'payload_too_large', message: 'The body is over 1 MB' } });
        return;
      }
      res
        .status(413)
        .type('text/html; charset=utf-8')
        .send(errorPage(413, languageOf(req)));
      return;
    }
    next();
  });

  // An empty Idempotency-Key is a key that is not valid, not a missing one; Remix's adapter drops
  // empty headers, so it is answered here.
  app.use((req, res, next) => {
    const key = req.headers['idempotency-key'];
    if (/^\/api\//.test(req.path) && key !== undefined && String(key).trim() === '') {
      res.status(400).json({
        error: { code: 'bad_request', message: 'An Idempotency-Key is 16 to 64 letters, digits, - or _' },
      });
      return;
    }
    next();
  });

  // CSRF defence for cookie-authenticated form posts, before Remix reads anything (SameSite=Lax
  // cookies do the rest). A post must come from this app's own origin (scheme, host and port);
  // one whose browser says nothing (no Origin, no Sec-Fetch-Site) must carry the form's token,
  // which Remix checks as it reads the form. Bearer-token API calls carry no cookie and are
  // exempt, matched on the path as the app resolves it.
  app.use((req, res, next) => {
    delete req.headers['x-xl-token-required'];
    const forwardedHost = app.get('trust proxy')
      ? req.get('x-forwarded-host')?.split(',')[0].trim()
      : undefined;
    const own = [
      publicUrl && new URL(publicUrl).origin,
      `${req.protocol}://${forwardedHost ?? req.get('host')}`,
    ];
    const site = isBearerApiCall(req.originalUrl, req.headers)
      ? 'same'
      : requestSite(req.method, req.headers, own);
    if (site === 'cross' && /^\/api\//.test(req.path)) {
      res.status(403).json({
        error: {
          code: 'forbidden',
          message: 'A cross-site request with a cookie is refused; send a bearer token',
        },
      });
      return;
    }
    if (site === 'cross') {
      res
        .status(403)
        .type('text/html; charset=utf-8')
        .send(errorPage(403, languageOf(req)));
      return;
    }
    if (site === 'token') req.headers['x-xl-token-required'] = '1';
    next();
  });

  const build = viteDevServer
    ? () => viteDevServer.ssrLoadModule('virtual:remix/server-build')
    : await import('./build/server/index.js');
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: dev ? 'development' : 'production',
      // the client's address (from a trusted proxy's X-Forwarded-For, or the connection)
      getLoadContext: (req) => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? '' }),
    }),
  );

  // What fails before Remix (a malformed address such as /plantings/%) gets a page too.
  app.use((error, req, res, _next) => {
    const status = Number(error?.status ?? error?.statusCode) || 500;
    if (status >= 500) console.error(error);
    res
      .status(status)
      .type('text/html; charset=utf-8')
      .send(errorPage(status, languageOf(req)));
  });

  const listener = await new Promise((resolve) => {
    const l = app.listen(port, host, () => resolve(l));
  });
  // Headers too large for Node to read (431) and other malformed requests get a page, not an
  // empty answer.
  listener.on('clientError', (error, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = errorPage(status, 'zh');
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: text/html; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  const address = listener.address();
  console.error(`[server] 乡链 Xianglian on http://localhost:${address.port}`);
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        listener.close(() => resolve());
        listener.closeAllConnections?.();
        viteDevServer?.close();
      }),
  };
}

const MESSAGES = {
  400: ['请求无效', 'Bad request'],
  403: [
    '跨站请求被拒绝：请从乡链的页面提交',
    'Cross-site request refused: please submit from the app’s own pages',
  ],
  404: ['找不到该页面', 'Page not found'],
  413: ['提交的内容过大', 'What was sent is too large'],
  431: ['请求头过大', 'Request headers too large'],
  500: ['服务器出错，请稍后重试', 'Server error; please try again later'],
};

/** The language the user chose (the switch's cookie: base64 of a JSON string), else Chinese. */
function languageOf(req) {
  const raw = /(?:^|;\s*)xl_lng=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  try {
    return JSON.parse(Buffer.from(decodeURIComponent(raw ?? ''), 'base64').toString('utf8')) === 'en'
      ? 'en'
      : 'zh';
  } catch {
    return 'zh';
  }
}

/** A plain page for errors answered before Remix (it has no layout to offer yet). */
function errorPage(status, lang) {
  const [zh, en] = MESSAGES[status] ?? MESSAGES[status >= 500 ? 500 : 400];
  const [title, message, home] =
    lang === 'en' ? ['Something went wrong', en, 'Back to home'] : ['出错了', zh, '返回首页'];
  return `<!doctype html><html lang="${lang === 'en' ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} · 乡链</title></head><body style="font-family:sans-serif;padding:1rem"><h1>${title}</h1><p><strong>${status}</strong> ${message}</p><p><a href="/">${home}</a></p></body></html>`;
}
