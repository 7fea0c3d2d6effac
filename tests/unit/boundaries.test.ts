// The module boundaries of docs/decisions/0012-modules-and-commands.md, read from the source:
// the kernel imports no module, models import nothing from app/utils, and no app or model code
// imports the tests.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const importsOf = (file: string) =>
  [...fs.readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);

function offending(dir: string, bad: (spec: string, file: string) => boolean) {
  return sources(dir).flatMap((file) =>
    importsOf(file)
      .filter((s) => bad(s, file))
      .map((s) => `${file}: ${s}`),
  );
}

describe('module boundaries', () => {
  it('the kernel imports no module', () => {
    const outside = offending('models/kernel', (spec, file) => {
      if (spec.startsWith('#models/')) return true;
      if (!spec.startsWith('.')) return false;
      return !path.resolve(path.dirname(file), spec).startsWith(path.resolve('models/kernel'));
    });
    expect(outside).toEqual([]);
  });

  it('models import nothing from app/utils, and nothing from the tests', () => {
    expect(offending('models', (spec) => spec.startsWith('~/utils') || spec.startsWith('#tests'))).toEqual(
      [],
    );
  });

  it('the app imports nothing from the tests', () => {
    expect(offending('app', (spec) => spec.startsWith('#tests') || spec.includes('/tests/'))).toEqual([]);
  });

  it('every module has a face listed in models/index.ts', () => {
    const index = fs.readFileSync('models/index.ts', 'utf8');
    const modules = fs
      .readdirSync('models', { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'kernel')
      .map((e) => e.name);
    for (const name of modules) {
      expect(fs.existsSync(`models/${name}/index.ts`), name).toBe(true);
      expect(index, name).toContain(`import './${name}';`);
    }
  });
});
