// Decides where an unsafe request (POST, PUT, …) comes from, before the app reads it.
// Browsers send Origin with every form post and Sec-Fetch-Site with most; a post from our own
// pages has an Origin equal to this app's (scheme, host and port all compared). Old browsers
// that send neither get no benefit of the doubt: their post must carry the form's token.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * 'same' (ours), 'cross' (refuse), or 'token' (no header says: the form's token must).
 * `ownOrigins` are this app's origins: its public address and the address the request was
 * made to (scheme from the connection, or from a trusted proxy).
 */
export function requestSite(method, headers, ownOrigins) {
  if (SAFE_METHODS.has(method.toUpperCase())) return 'same';
  // a browser that says the request crosses sites is believed, whatever Origin says (a proxy
  // or an old client may pair a copied Origin with it): only same-origin passes
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return 'cross';
  const origin = headers.origin;
  if (origin !== undefined) {
    if (origin === 'null') return 'cross';
    let parsed;
    try {
      parsed = new URL(origin);
    } catch {
      return 'cross';
    }
    return ownOrigins.includes(parsed.origin) ? 'same' : 'cross';
  }
  if (site !== undefined) return 'same';
  return 'token';
}

/**
 * The path as the app will see it: browsers' and WHATWG's resolution of `..`, `%2e` and
 * backslashes applied, so that an exemption cannot be reached by a path that only looks like it.
 */
export function normalisedPath(rawUrl) {
  try {
    return new URL(rawUrl, 'http://xianglian.invalid').pathname;
  } catch {
    return null;
  }
}

/** Bearer-token API calls carry no cookie of ours to ride on: the only posts exempt. */
export function isBearerApiCall(rawUrl, headers) {
  const path = normalisedPath(rawUrl);
  return (
    path !== null &&
    path.startsWith('/api/') &&
    /^Bearer\s+\S+/i.test(headers.authorization ?? '') &&
    !headers.cookie
  );
}
