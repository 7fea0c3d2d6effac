import { data } from '@remix-run/node';
import type { Scope } from '#models/kernel/scope';
import { accessFor, type Action, type Entity } from '~/schemas/roles';
import type { SessionUser } from './auth.server';

/**
 * The user's scope for an action on an entity; a user without the permission gets 403.
 * Call it first in every loader and action, then pass the scope to the model functions,
 * which confine every query to it.
 */
export function requirePermission(user: SessionUser, action: Action, entity: Entity): Scope {
  const access = accessFor(user.role, action, entity);
  if (!access) throw data({ error: 'forbidden' }, { status: 403 });
  return { access, townId: user.townId, orgId: user.orgId };
}

export function can(user: Pick<SessionUser, 'role'>, action: Action, entity: Entity) {
  return accessFor(user.role, action, entity) !== null;
}

/** A 404 for a record that does not exist or lies outside the user's scope (never say which). */
export function notFound(): never {
  throw data({ error: 'not_found' }, { status: 404 });
}
