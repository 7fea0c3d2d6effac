// The embedded engine as `npm start` uses it: data kept across restarts, clean stops.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDb } from '../../scripts/lib/embedded-db.mjs';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('embedded engine', () => {
  it('keeps data across a clean stop and restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xl-engine-'));
    dirs.push(dir);
    const first = await startEmbeddedDb({ dataDir: dir });
    let client = await MongoClient.connect(first.uri);
    await client.db('app').collection('things').insertOne({ name: '葛根' });
    await client.close();
    await first.stop();
    expect(
      fs.existsSync(path.join(dir, 'mongod.lock'))
        ? fs.readFileSync(path.join(dir, 'mongod.lock'), 'utf8')
        : '',
    ).toBe('');

    const second = await startEmbeddedDb({ dataDir: dir });
    client = await MongoClient.connect(second.uri);
    expect(
      await client
        .db('app')
        .collection('things')
        .findOne({}, { projection: { _id: 0 } }),
    ).toEqual({ name: '葛根' });
    await client.close();
    await second.stop();
  });
});
