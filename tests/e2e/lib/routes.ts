// The app's routes, read from the built server (so a route added later is found without
// anyone listing it), with a matcher from URL path to route.
import { spawnSync } from 'node:child_process';

export interface RouteInfo {
  id: string;
  path: string; // full path, e.g. /plantings/:id
  hasAction: boolean;
  hasLoader: boolean;
  pattern: RegExp;
}

const PRINT = `
const b = await import('./build/server/index.js');
const out = Object.values(b.routes).map((r) => ({
  id: r.id, path: r.path ?? '', parentId: r.parentId ?? null, index: !!r.index,
  hasAction: typeof r.module.action === 'function', hasLoader: typeof r.module.loader === 'function',
}));
process.stdout.write(JSON.stringify(out));
process.exit(0);
`;

export function routeManifest(): RouteInfo[] {
  // importing the server build connects to a database: give it one that is never there
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', PRINT], {
    env: { ...process.env, MONGODB_URI: 'mongodb://127.0.0.1:9/none', SESSION_SECRET: 'x'.repeat(32) },
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`could not read the routes: ${res.stderr}`);
  const raw = JSON.parse(res.stdout) as Array<{
    id: string;
    path: string;
    parentId: string | null;
    hasAction: boolean;
    hasLoader: boolean;
  }>;
  const byId = new Map(raw.map((r) => [r.id, r]));
  const fullPath = (id: string | null): string => {
    if (!id) return '';
    const r = byId.get(id)!;
    const parent = fullPath(r.parentId);
    return r.path ? `${parent}/${r.path}`.replace(/\/+/g, '/') : parent;
  };
  return raw
    .filter((r) => r.id !== 'root')
    .map((r) => {
      const path = fullPath(r.id) || '/';
      const source = path
        .split('/')
        .map((seg) =>
          seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/');
      return {
        id: r.id,
        path,
        hasAction: r.hasAction,
        hasLoader: r.hasLoader,
        pattern: new RegExp(`^${source}/?$`),
      };
    });
}

/** How specific a route path is: static segments beat parameters, which beat a splat. */
function specificity(path: string) {
  return path
    .split('/')
    .filter(Boolean)
    .reduce((score, seg) => score + (seg === '*' ? 1 : seg.startsWith(':') ? 2 : 3), 0);
}

/** The route a concrete path belongs to: the most specific of those that match it. */
export function matchRoute(routes: RouteInfo[], pathname: string) {
  return routes
    .filter((r) => r.pattern.test(pathname))
    .sort((a, b) => specificity(b.path) - specificity(a.path))[0];
}
