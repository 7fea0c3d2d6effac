import { listOrganizations } from '#models/town/organization';
import type { Scope } from '#models/kernel/scope';
import { listTowns } from '#models/town/town';

/** Every active organization as "town · name", for the user form. */
export async function organizationOptions(scope: Scope) {
  const [orgs, towns] = await Promise.all([
    listOrganizations(scope),
    listTowns(scope, { includeArchived: true }),
  ]);
  const townName = Object.fromEntries(towns.map((t) => [t.id, t.name]));
  return orgs.map((o) => ({ value: o.id, label: `${o.townId ? townName[o.townId] : '—'} · ${o.name}` }));
}
