// What every master-data route does the same way: read the record id from the URL and honour
// the archived toggle (the archive / restore buttons: recordAction, commands.server.ts).
import type { Types } from 'mongoose';
import { toObjectId } from '#models/kernel/common';
import { notFound } from './permissions.server';

export function idParam(params: { id?: string }): Types.ObjectId {
  const id = toObjectId(params.id);
  if (!id) notFound();
  return id;
}

/** The page asked for in `?page=` (1 when absent or nonsense; at most 10,000). */
export function pageParam(request: Request) {
  const page = Number(new URL(request.url).searchParams.get('page'));
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}

export function includeArchived(request: Request) {
  return new URL(request.url).searchParams.get('archived') === '1';
}
