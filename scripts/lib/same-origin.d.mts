export function isCrossSiteRequest(method: string, headers: Record<string, string | undefined>): boolean;
