// Starts one embedded MongoDB engine for the whole test run (unless MONGODB_URI points at a
// real server). Each worker then uses its own database on it (see db.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDb } from '../../scripts/lib/embedded-db.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.MONGODB_URI) {
    project.provide('mongoUri', process.env.MONGODB_URI);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xl-test-db-'));
  const db = await startEmbeddedDb({ dataDir: dir });
  project.provide('mongoUri', db.uri);
  return async () => {
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
