// The HTTP server: Express in front of Remix. Serves built assets, rejects cross-site form
// posts, and hands every other request to Remix.
import { createRequestHandler } from '@remix-run/express';
import compression from 'compression';
import express from 'express';
import { isCrossSiteRequest } from './scripts/lib/same-origin.mjs';

export async function startServer({
  dev = false,
  port = Number(process.env.PORT ?? 3000),
  host = process.env.HOST,
} = {}) {
  const app = express();
  app.disable('x-powered-by');
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

  // An answer sent before the request's body was read (a refusal) closes the connection, so
  // that no client reuses a socket with the rest of that body still in it.
  app.use((req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (...args) {
      if (!req.complete && !this.headersSent) this.setHeader('Connection', 'close');
      return writeHead.apply(this, args);
    };
    next();
  });

  // Body limits, before anything reads a body: forms are small, uploads (imports) up to 10 MB.
  // A declared length over the limit is refused at once, and the connection closed rather than
  // the rest of the body read; bodies that do not declare one are counted as Remix reads them.
  app.use((req, res, next) => {
    const limit = /^\/imports\/?$/.test(req.path)
      ? 11 * 1024 * 1024
      : /^\/api\//.test(req.path)
        ? 1024 * 1024
        : 256 * 1024;
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      res.set('Connection', 'close');
      res
        .status(413)
        .type('text/html; charset=utf-8')
        .send(errorPage(413, '提交的内容过大', 'What was sent is too large'));
      return;
    }
    next();
  });

  // CSRF defence for cookie-authenticated form posts (SameSite=Lax cookies do the rest).
  // The device API authenticates with a bearer token, not a cookie, and is exempt.
  app.use((req, res, next) => {
    if (!req.path.startsWith('/api/') && isCrossSiteRequest(req.method, req.headers)) {
      res.status(403).type('text/plain; charset=utf-8').send('跨站请求被拒绝 (cross-site request rejected)');
      return;
    }
    next();
  });

  const build = viteDevServer
    ? () => viteDevServer.ssrLoadModule('virtual:remix/server-build')
    : await import('./build/server/index.js');
  app.all('*', createRequestHandler({ build, mode: dev ? 'development' : 'production' }));

  const listener = await new Promise((resolve) => {
    const l = app.listen(port, host, () => resolve(l));
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

/** A plain page for errors answered before Remix (it has no layout to offer yet). */
function errorPage(status, zh, en) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} · 乡链</title></head><body style="font-family:sans-serif;padding:1rem"><h1>出错了</h1><p><strong>${status}</strong> ${zh}</p><p lang="en">${en}</p><p><a href="/">返回首页</a></p></body></html>`;
}
