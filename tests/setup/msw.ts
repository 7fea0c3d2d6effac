// msw intercepts outbound HTTP to outside services (alert webhooks, price feeds) in tests.
// Requests nobody handles fail the test, so a test never reaches the real internet; requests
// to this machine (the database, the app under test) pass through.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { server } from '../mocks/server';

beforeAll(() =>
  server.listen({
    onUnhandledRequest(request, print) {
      const host = new URL(request.url).hostname;
      if (host === '127.0.0.1' || host === 'localhost') return;
      print.error();
    },
  }),
);
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
