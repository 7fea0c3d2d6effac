import type { Types } from 'mongoose';
import type { Access } from '~/schemas/roles';

/** How far a request reaches: resolved from the user's permission for one action. */
export interface Scope {
  access: Access;
  townId: Types.ObjectId | null;
  orgId: Types.ObjectId | null;
}

/**
 * The filter that confines a query to a scope. `own` records are those whose `orgField`
 * is the user's organization; collections without an owner pass `orgField: null`.
 */
export function scopeFilter(
  scope: Scope,
  { orgField = 'orgId' as string | null, townField = 'townId' } = {},
): Record<string, unknown> {
  if (scope.access === 'any') return {};
  if (scope.access === 'town' || orgField === null) return { [townField]: scope.townId };
  return { [townField]: scope.townId, [orgField]: scope.orgId };
}
