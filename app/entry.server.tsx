import crypto from 'node:crypto';
import type { EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import './i18n/messages.server';
import { connectDb } from './utils/db.server';
import { getEnv } from './utils/env.server';
import { NonceContext } from './utils/nonce';
import { nulFreeStream } from './utils/nul-free.server';
import { recoverOnce } from './utils/imports/index.server';
import { runDueJobs } from '#models/kernel';

// Refuse to start with a bad environment, and open the database connection once.
getEnv();
// Once connected, and every 30 seconds after, finish or undo any operation or import that a
// process on the same database died in the middle of (start-up has already done it for this one).
void connectDb()
  .then(() => recoverOnce())
  .catch((error) => console.error('[db] initial connection failed:', error.message));
setInterval(() => void recoverOnce(), 30_000).unref();
// the modules' background work (the outbox's deliveries, the cold chain's judgments): each job
// runs at most as often as it asks, and each is safe to run in several processes at once
setInterval(
  () =>
    void connectDb()
      .then(() => runDueJobs())
      .catch(() => undefined),
  1_000,
).unref();

const ABORT_DELAY = 5_000;

const csp = (nonce: string) =>
  [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // recharts and React set style attributes
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const botRequest = isbot(request.headers.get('user-agent') || '');
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const nonce = crypto.randomBytes(16).toString('base64');
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        // React's own inline scripts (streamed Suspense boundaries) carry it too
        nonce,
        [botRequest ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true;
          const body = nulFreeStream();
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          // only this app's scripts run: its own files, and inline ones carrying this page's nonce
          if (process.env.NODE_ENV === 'production')
            responseHeaders.set('Content-Security-Policy', csp(nonce));
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
