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

describe('public address', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('is required in production, and said why', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('MONGODB_URI', 'mongodb://db/x');
    vi.stubEnv('SESSION_SECRET', 'a-long-enough-secret');
    vi.stubEnv('PUBLIC_URL', '');
    const { getEnv } = await import('~/utils/env.server');
    expect(() => getEnv()).toThrow(/PUBLIC_URL is not set: it is the address phones use/);
  });

  it('is kept without a trailing slash, must be http(s), and defaults to localhost outside production', async () => {
    vi.stubEnv('MONGODB_URI', 'mongodb://db/x');
    vi.stubEnv('SESSION_SECRET', 'a-long-enough-secret');
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('PUBLIC_URL', 'https://xl.example.cn/');
    let env = await import('~/utils/env.server');
    expect(env.getEnv().PUBLIC_URL).toBe('https://xl.example.cn');
    vi.resetModules();
    vi.stubEnv('PUBLIC_URL', 'ftp://xl.example.cn');
    env = await import('~/utils/env.server');
    expect(() => env.getEnv()).toThrow(/PUBLIC_URL must be an http/);
    vi.resetModules();
    vi.stubEnv('NODE_ENV', 'development');
    vi.stubEnv('PUBLIC_URL', '');
    vi.stubEnv('PORT', '3456');
    env = await import('~/utils/env.server');
    expect(env.getEnv().PUBLIC_URL).toBe('http://localhost:3456');
  });
});
