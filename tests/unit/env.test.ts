import { afterEach, describe, expect, it, vi } from 'vitest';

describe('environment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('refuses to start with a clear message naming each bad variable', async () => {
    vi.stubEnv('MONGODB_URI', 'postgres://nope');
    vi.stubEnv('SESSION_SECRET', '');
    vi.stubEnv('PORT', 'eighty');
    const { getEnv } = await import('~/utils/env.server');
    let message = '';
    try {
      getEnv();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('MONGODB_URI: MONGODB_URI must start with mongodb:// or mongodb+srv://');
    expect(message).toContain('SESSION_SECRET: SESSION_SECRET must be at least 16 characters');
    expect(message).toMatch(/PORT: /);
  });

  it('accepts a good environment with defaults', async () => {
    vi.stubEnv('MONGODB_URI', 'mongodb://127.0.0.1:27017/x');
    vi.stubEnv('SESSION_SECRET', 'a-long-enough-secret');
    vi.stubEnv('PORT', '');
    const { getEnv } = await import('~/utils/env.server');
    expect(getEnv()).toMatchObject({ PORT: 3000, DATA_DIR: './data' });
  });
});
