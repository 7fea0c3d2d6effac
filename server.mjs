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
