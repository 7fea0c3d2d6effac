// The JavaScript each page sends, per page, against the goals: pages with forms ≤ 120 KB,
// pages without ≤ 80 KB (gzipped); the charting library only on pages with charts.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pageWeights } from '../lib/js-weight.mjs';

export const FORM_PAGE_KB = 120;
export const PLAIN_PAGE_KB = 80;

/** Route ids whose module says they need no scripts (read from the source, as the build did). */
async function noScriptRoutes() {
  const dir = path.resolve('app/routes');
  const ids = new Set<string>();
  for (const file of fs.readdirSync(dir)) {
    if (!/\.tsx$/.test(file)) continue;
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as {
      handle?: { scripts?: boolean };
    };
    if (mod.handle?.scripts === false) ids.add(`routes/${file.replace(/\.tsx$/, '')}`);
  }
  return ids;
}

export async function runJsWeight() {
  if (!fs.existsSync('build/client')) execSync('npm run build', { stdio: 'inherit' });
  const pages = pageWeights({ noScripts: await noScriptRoutes() });
  const charts = (route: string) => route === 'herd._index' || route === 'dashboard._index';
  let over = 0;
  console.log('\nJavaScript per page (gzipped KB; goals: forms ≤ 120, others ≤ 80, charts exempt)');
  for (const p of pages) {
    const budget = charts(p.route) ? null : p.hasAction ? FORM_PAGE_KB : PLAIN_PAGE_KB;
    const flag = budget !== null && p.kb > budget ? '  OVER' : '';
    if (flag) over++;
    const kind = !p.scripts ? 'no scripts' : charts(p.route) ? 'chart' : p.hasAction ? 'form' : 'page';
    console.log(
      `${p.kb.toFixed(1).padStart(7)}  ${kind.padEnd(10)}  /${p.path.padEnd(28)} ${p.route}${flag}`,
    );
  }
  return over;
}
