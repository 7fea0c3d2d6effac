type Headers = Record<string, string | undefined>;
export function requestSite(
  method: string,
  headers: Headers,
  ownOrigins: string[],
): 'same' | 'cross' | 'token';
export function normalisedPath(rawUrl: string): string | null;
export function isBearerApiCall(rawUrl: string, headers: Headers): boolean;
