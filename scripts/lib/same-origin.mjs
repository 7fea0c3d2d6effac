// Decides whether an unsafe request (POST, PUT, …) comes from another site. Browsers send
// Sec-Fetch-Site and Origin on every form post; a request from our own pages has
// Sec-Fetch-Site same-origin (or none, for a user typing a URL) and an Origin equal to our host.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteRequest(method, headers) {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const site = headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  const host = headers['x-forwarded-host'] ?? headers.host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
