import type { Types } from 'mongoose';
import type { z } from 'zod';
import type { Actor } from '#models/kernel/audit';
import type { ImportKindName, RowError } from '#models/kernel/import';
import type { Scope } from '#models/kernel/scope';
import type { Entity } from '~/schemas/roles';
import type { SessionUser } from '~/utils/auth.server';
import type { Column } from './parse.server';

export interface ImportContext {
  user: SessionUser;
  scope: Scope; // the user's write scope for the kind's entity
  actor: Actor;
  townId: Types.ObjectId;
  orgId: Types.ObjectId;
}

export interface ParsedRow<Row> {
  line: number;
  value: Row;
}

/**
 * One importable kind of record. The runner parses the file, validates every row with
 * `rowSchema`, then asks `check` for the checks that need the database or other rows;
 * only a clean file is written: `stage` (hidden) → `commit` (visible), or `rollback`.
 */
export interface ImportKind<Row = unknown> {
  name: ImportKindName;
  entity: Entity; // the user needs write:<entity>
  columns: Column[];
  rowSchema: z.ZodType<Row>;
  check(ctx: ImportContext, rows: ParsedRow<Row>[]): Promise<RowError[]>;
  stage(
    ctx: ImportContext,
    importId: Types.ObjectId,
    rows: ParsedRow<Row>[],
    progress: (written: number) => Promise<void>,
  ): Promise<void>;
  /** Idempotent: recovery may repeat it after a crash. */
  commit(importId: Types.ObjectId, actor: Actor): Promise<void>;
  rollback(importId: Types.ObjectId): Promise<void>;
  /** What a complete import created, as links (its page lists them). */
  created(importId: Types.ObjectId, limit: number): Promise<Array<{ label: string; href: string }>>;
}

const registry = new Map<ImportKindName, ImportKind<never>>();

export function registerImportKind<Row>(kind: ImportKind<Row>) {
  registry.set(kind.name, kind as unknown as ImportKind<never>);
}

export function importKind(name: ImportKindName): ImportKind<unknown> | undefined {
  return registry.get(name) as ImportKind<unknown> | undefined;
}

export function importKinds() {
  return [...registry.values()] as ImportKind<unknown>[];
}
