// What every master-data route does the same way: read the record id from the URL, honour the
// archived toggle, and handle the archive / restore buttons.
import type { Types } from 'mongoose';
import { toObjectId } from '#models/kernel/common';
import { WriteRefused } from '#models/kernel/write';
import { redirectWithFlash } from './flash.server';
import { intentOf } from './forms.server';
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

/**
 * Handles `intent=archive|restore` posts. Returns null when the form has another intent
 * (the caller then handles the edit). A record outside the user's scope is a 404.
 */
export async function handleArchiveIntent(
  formData: FormData,
  ops: { archive: () => Promise<unknown>; restore: () => Promise<unknown> },
  redirectTo: string,
) {
  const intent = intentOf(formData, ['archive', 'restore'] as const);
  if (!intent) return null;
  let done: unknown;
  try {
    done = await ops[intent]();
  } catch (error) {
    if (!(error instanceof WriteRefused)) throw error;
    return redirectWithFlash(redirectTo, Object.values(error.errors).flat()[0] ?? 'v.interrupted');
  }
  if (!done) notFound();
  return redirectWithFlash(redirectTo, intent === 'archive' ? 'common.archivedOk' : 'common.restoredOk');
}
