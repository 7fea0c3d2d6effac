// How much JavaScript each page makes the browser download (gzipped, as the server sends it):
// the entry, the root route and the page's route module with everything they import, and the
// chunk of the user's language (loaded before the page comes alive; the larger one is counted).
// A page whose route says it needs no scripts (handle.scripts === false) downloads none.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** @param {{ buildDir?: string, noScripts?: Set<string> }} options route ids that send no JS */
export function pageWeights({ buildDir = 'build/client', noScripts = new Set() } = {}) {
  const assets = path.join(buildDir, 'assets');
  const files = fs.readdirSync(assets);
  const manifestFile = files.find((f) => /^manifest-.*\.js$/.test(f));
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
  const languageChunks = files.filter((f) => /^(zh|en)-[\w-]+\.js$/.test(f)).map((f) => `/assets/${f}`);
  if (languageChunks.length !== 2) throw new Error(`expected a zh and an en chunk, found ${languageChunks}`);
  const language = Math.max(...languageChunks.map(size));
  const filesOf = (entry) => [entry.module, ...(entry.imports ?? [])];
  const base = new Set([...filesOf(manifest.entry), ...filesOf(manifest.routes.root)]);
  return Object.values(manifest.routes)
    .filter((r) => r.id !== 'root' && r.module && !/\bl0sNRNKZ\b/.test(r.module))
    .map((r) => {
      const scripts = !noScripts.has(r.id);
      const pageFiles = new Set([...base, ...filesOf(r)]);
      const bytes = scripts ? [...pageFiles].reduce((sum, f) => sum + size(f), 0) + language : 0;
      return {
        route: r.id.replace(/^routes\//, ''),
        path: r.path ?? '',
        hasAction: r.hasAction,
        scripts,
        kb: bytes / 1024,
      };
    })
    .sort((a, b) => b.kb - a.kb);
}
