import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest } from '../../scripts/lib/same-origin.mjs';

describe('cross-site request check', () => {
  const host = 'localhost:3000';
  it('lets safe methods and same-origin posts through', () => {
    expect(isCrossSiteRequest('GET', { host, origin: 'http://evil.example' })).toBe(false);
    expect(
      isCrossSiteRequest('POST', { host, origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }),
    ).toBe(false);
    expect(isCrossSiteRequest('POST', { host })).toBe(false); // curl, scripts: no cookie of ours to ride on
  });
  it('rejects posts from another site', () => {
    expect(isCrossSiteRequest('POST', { host, origin: 'http://evil.example' })).toBe(true);
    expect(isCrossSiteRequest('POST', { host, 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(
      isCrossSiteRequest('POST', { host, 'sec-fetch-site': 'same-site', origin: 'http://a.localhost:3000' }),
    ).toBe(true);
    expect(isCrossSiteRequest('POST', { host, origin: 'null' })).toBe(true);
    expect(isCrossSiteRequest('DELETE', { host, origin: 'not a url' })).toBe(true);
  });
  it('honours the proxy’s forwarded host', () => {
    expect(
      isCrossSiteRequest('POST', {
        host: '127.0.0.1:3000',
        'x-forwarded-host': 'xl.example.cn',
        origin: 'https://xl.example.cn',
      }),
    ).toBe(false);
  });
});
