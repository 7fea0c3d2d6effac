// What the browser is sent: no server code. The build refuses it (vite.config.ts); this checks
// the result too, so that a change to the build cannot quietly let it through.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER_MARKERS = ['MongooseError', 'MongoServerError', 'mongodb://', '@node-rs/argon2', 'createHmac'];

describe('browser bundle', () => {
  it('carries no mongoose, database driver or server secret handling', () => {
    const dir = path.join('build', 'client', 'assets');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      return SERVER_MARKERS.filter((m) => text.includes(m)).map((m) => `${f}: ${m}`);
    });
    expect(offenders).toEqual([]);
  });
});
