import { describe, expect, it } from 'vitest';
import { isBearerApiCall, requestSite } from '../../scripts/lib/same-origin.mjs';

describe('cross-site request check', () => {
  const own = ['http://localhost:3000', 'https://xl.example.cn'];
  it('lets safe methods and posts from our own origins through', () => {
    expect(requestSite('GET', { origin: 'http://evil.example' }, own)).toBe('same');
    expect(
      requestSite('POST', { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }, own),
    ).toBe('same');
    expect(requestSite('POST', { origin: 'https://xl.example.cn' }, own)).toBe('same');
    expect(requestSite('POST', { 'sec-fetch-site': 'same-origin' }, own)).toBe('same');
  });
  it('compares scheme, host and port, not the host alone', () => {
    expect(requestSite('POST', { origin: 'https://localhost:3000' }, own)).toBe('cross');
    expect(requestSite('POST', { origin: 'http://localhost:3001' }, own)).toBe('cross');
    expect(requestSite('POST', { origin: 'http://xl.example.cn' }, own)).toBe('cross');
  });
  it('refuses posts from another site, a null origin or nonsense', () => {
    expect(requestSite('POST', { origin: 'http://evil.example' }, own)).toBe('cross');
    expect(requestSite('POST', { 'sec-fetch-site': 'cross-site' }, own)).toBe('cross');
    expect(requestSite('POST', { 'sec-fetch-site': 'same-site' }, own)).toBe('cross');
    expect(requestSite('POST', { 'sec-fetch-site': 'none' }, own)).toBe('cross');
    expect(requestSite('POST', { origin: 'null' }, own)).toBe('cross');
    expect(requestSite('DELETE', { origin: 'not a url' }, own)).toBe('cross');
    // an Origin that disagrees with a same-origin Sec-Fetch-Site is believed
    expect(requestSite('POST', { origin: 'http://evil.example', 'sec-fetch-site': 'same-origin' }, own)).toBe(
      'cross',
    );
  });
  it('refuses a post whose browser says it crosses sites, whatever its Origin (issue 25)', () => {
    for (const site of ['cross-site', 'same-site', 'none']) {
      expect(
        requestSite('POST', { origin: 'http://localhost:3000', 'sec-fetch-site': site }, own),
        site,
      ).toBe('cross');
      expect(requestSite('POST', { 'sec-fetch-site': site }, own), site).toBe('cross');
    }
    expect(
      requestSite('POST', { origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }, own),
    ).toBe('same');
  });
  it('asks for the form token when the browser says nothing', () => {
    expect(requestSite('POST', {}, own)).toBe('token');
  });
  it('exempts only bearer-token API calls, on the path as it resolves', () => {
    expect(isBearerApiCall('/api/v1/readings', { authorization: 'Bearer abc' })).toBe(true);
    expect(isBearerApiCall('/api/v1/readings', {})).toBe(false);
    expect(isBearerApiCall('/api/../set-language', { authorization: 'Bearer abc' })).toBe(false);
    expect(isBearerApiCall('/api/%2e%2e/set-language', { authorization: 'Bearer abc' })).toBe(false);
    expect(isBearerApiCall('/api/v1/x', { authorization: 'Bearer abc', cookie: 'xl_session=1' })).toBe(false);
  });
});
