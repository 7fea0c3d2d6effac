import crypto from 'node:crypto';
import type { EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { renderToString } from 'react-dom/server';
import './i18n/messages.server';
import { connectDb } from './utils/db.server';
import { getEnv } from './utils/env.server';
import { NonceContext } from './utils/nonce';
import { recoverOnce } from './utils/imports/index.server';

// Refuse to start with a bad environment, and open the database connection once.
getEnv();
// Once connected, and every 30 seconds after, finish or undo any operation or import that a
// process on the same database died in the middle of (start-up has already done it for this one).
void connectDb()
  .then(() => recoverOnce())
  .catch((error) => console.error('[db] initial connection failed:', error.message));
setInterval(() => void recoverOnce(), 30_000).unref();

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

/**
 * Pages are rendered whole with `renderToString`, not streamed: React 18.3's streaming renderer
 * writes the unfilled tail of its 2 KB buffer (NUL bytes) whenever a multi-byte character does
 * not fit in what is left of it (facebook/react#24985, #31134), which broke Chinese text at
 * every 2 KB boundary. No page here suspends, so streaming bought nothing; the whole page is
 * encoded once, as valid UTF-8 whatever its length.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const nonce = crypto.randomBytes(16).toString('base64');
  const markup = renderToString(
    <NonceContext.Provider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceContext.Provider>,
  );
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
  // only this app's scripts run: its own files, and inline ones carrying this page's nonce
  if (process.env.NODE_ENV === 'production') responseHeaders.set('Content-Security-Policy', csp(nonce));
  return new Response(`<!DOCTYPE html>${markup}`, { headers: responseHeaders, status: responseStatusCode });
}
