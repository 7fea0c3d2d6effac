// The household register's writes as commands: a household registered (by a cooperative's
// clerk, a member of its own cooperative; by an official, of any cooperative or none), its
// record corrected, and — officials only — its membership of a cooperative added or ended.
import { Types } from 'mongoose';
import { defineCommand, found, ok, refuse, type FieldErrors } from '../../kernel/command';
import { withId } from '../../kernel/record-commands';
import type { Scope } from '../../kernel/scope';
import { OrganizationModel } from '../../town/organization';
import { VillageModel } from '../../town/village';
import { yuanToFen } from '~/domain/herd';
import { HouseholdSchema, MembershipSchema, type HouseholdFormInput } from '~/schemas/household';
import { getHousehold } from '../read';
import { createHousehold, updateHousehold, type HouseholdInput } from '../register';
import type { Membership } from '../schema';

const DUPLICATE_NUMBER = { number: 'household.numberUsed', villageId: 'household.numberUsed' };
const id = (value: string) => new Types.ObjectId(value);

/** A membership from the form's shares. */
export function membershipOf(
  orgId: Types.ObjectId,
  v: { joinedOn: string; cashYuan: number; landMu: number },
): Membership {
  return {
    orgId,
    joinedOn: v.joinedOn,
    cashFen: yuanToFen(v.cashYuan),
    landMu: Math.round(v.landMu * 100) / 100,
  };
}

/**
 * The checks of a household form zod cannot make: the village is one of the town's, the
 * cooperative (an official's choice) is one of the town's, and a membership has its date.
 */
async function formErrors(
  scope: Scope,
  official: boolean,
  v: HouseholdFormInput,
  { needsMembership = true } = {},
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (!(await VillageModel.exists({ _id: v.villageId, townId: scope.townId, archivedAt: null })))
    errors.villageId = ['v.invalidChoice'];
  if (official && v.orgId) {
    const coop = await OrganizationModel.exists({
      _id: v.orgId,
      townId: scope.townId,
      type: 'cooperative',
      archivedAt: null,
    });
    if (!coop) errors.orgId = ['v.invalidChoice'];
  }
  const joining = official ? Boolean(v.orgId) : needsMembership;
  if (joining && !v.joinedOn) errors.joinedOn = ['v.required'];
  return errors;
}

export const createHouseholdCommand = defineCommand({
  name: 'household/create',
  permission: ['write', 'household'],
  input: HouseholdSchema,
  duplicates: DUPLICATE_NUMBER,
  async run(v, { scope, actor }) {
    const official = actor.role === 'official';
    const errors = await formErrors(scope, official, v);
    if (Object.keys(errors).length) return refuse('invalid', errors);
    const orgId = official ? (v.orgId ? id(v.orgId) : null) : scope.orgId;
    const input: HouseholdInput = {
      villageId: id(v.villageId),
      number: v.number,
      head: v.head,
      members: v.members,
      phone: v.phone,
      ...(official && { lifted: v.lifted, monitored: v.monitored }),
      memberships: orgId && v.joinedOn ? [membershipOf(orgId, { ...v, joinedOn: v.joinedOn })] : [],
    };
    return ok(await createHousehold(scope.townId!, input, actor));
  },
});

const membershipsOf = (current: { memberships: Array<Omit<Membership, 'orgId'> & { orgId: string }> }) =>
  current.memberships.map((m) => ({ ...m, orgId: id(m.orgId) }));

/**
 * A household's record corrected: an official also sets its flags; a cooperative changes its
 * own membership's shares, never another's.
 */
export const updateHouseholdCommand = defineCommand({
  name: 'household/update',
  permission: ['write', 'household'],
  input: withId(HouseholdSchema),
  duplicates: DUPLICATE_NUMBER,
  async run({ id: householdId, ...v }, { scope, actor }) {
    const current = await getHousehold(scope, id(householdId));
    if (!current) return refuse('notFound', 'v.notFound');
    const official = actor.role === 'official';
    const errors = await formErrors(
      scope,
      official,
      { ...v, orgId: undefined },
      { needsMembership: !official },
    );
    if (Object.keys(errors).length) return refuse('invalid', errors);
    const changes = {
      villageId: id(v.villageId),
      number: v.number,
      head: v.head,
      members: v.members,
      phone: v.phone,
      ...(official
        ? { lifted: v.lifted, monitored: v.monitored }
        : {
            memberships: membershipsOf(current).map((m) =>
              m.orgId.equals(scope.orgId!) ? membershipOf(m.orgId, { ...v, joinedOn: v.joinedOn! }) : m,
            ),
          }),
    };
    const saved = await updateHousehold(scope, id(householdId), changes, actor);
    return found(saved);
  },
});

/** Officials only: a household joins a cooperative of the town (with its shares), or leaves it. */
const membership = (verb: 'join' | 'leave') =>
  defineCommand({
    name: `household/${verb}`,
    permission: ['check', 'household'],
    input: withId(MembershipSchema),
    async run({ id: householdId, ...v }, { scope, actor }) {
      const current = await getHousehold(scope, id(householdId));
      if (!current) return refuse('notFound', 'v.notFound');
      const orgId = id(v.orgId);
      if (!(await OrganizationModel.exists({ _id: orgId, townId: scope.townId, type: 'cooperative' })))
        return refuse('invalid', { orgId: ['v.invalidChoice'] });
      const others = membershipsOf(current).filter((m) => !m.orgId.equals(orgId));
      const next = verb === 'join' ? [...others, membershipOf(orgId, v)] : others;
      const saved = await updateHousehold(scope, id(householdId), { memberships: next }, actor);
      return found(saved);
    },
  });
export const joinCooperativeCommand = membership('join');
export const leaveCooperativeCommand = membership('leave');
