// What the household commands share: whose households and payouts a scope reaches, the
// entries' number series, an entry's income, and an entry as its audit event shows it.
import { Types } from 'mongoose';

import { scopeFilter, type Scope } from '../kernel/scope';
import { type IncomeChange } from './rollup';

import { type IncomeKind } from '~/domain/household';

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

/** Households a scope reaches: a cooperative its members, officials the town. */
export const householdFilter = (scope: Scope) => scopeFilter(scope, { orgField: 'memberships.orgId' });

export const payoutFilter = (scope: Scope) => scopeFilter(scope, { orgField: 'payerOrgId' });

export const NUMBER_PREFIX: Record<IncomeKind | 'payment', string> = {
  purchase: 'SG',
  wage: 'GZ',
  rent: 'ZJ',
  dividend: 'FH',
  payment: 'HF',
};

export const incomeOf = (e: {
  townId: Types.ObjectId;
  villageId: Types.ObjectId;
  householdId: Types.ObjectId;
  payerOrgId: Types.ObjectId;
  year: number;
  month: number;
  kind: string;
  amountFen: number;
}): IncomeChange => ({
  townId: e.townId,
  villageId: e.villageId,
  householdId: e.householdId,
  payerOrgId: e.payerOrgId,
  year: e.year,
  month: e.month,
  kind: e.kind as IncomeKind,
  amountFen: e.amountFen,
});

/** An entry as the audit trail shows it (without the fields of the operation's bookkeeping). */
export function entryForAudit(entry: Doc) {
  const { holds: _holds, paidFen: _paid, reversedFen: _rev, at: _at, ...rest } = entry;
  return rest as Doc;
}

/** A cooperative's own rows; officials the all-payers rows (one per household and year). */
export function rollupRows(scope: Scope) {
  return scope.access === 'own'
    ? { payerOrgId: scope.orgId }
    : { ...(scope.access === 'town' && { townId: scope.townId }), payerOrgId: null };
}
