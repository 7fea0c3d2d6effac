// The households' writes as commands, from their forms' values (yuan, 斤 or 千克) to what the
// writes take (fen, kilograms): a payout (a purchase, a wage, a rent), a payment of one, a
// reversal, a dividend approved, and a cooperative's purchase price.
import { Types } from 'mongoose';
import { z } from 'zod';
import { defineCommand, ok, refuse, type Outcome } from '../../kernel/command';
import { withId } from '../../kernel/record-commands';
import { isTownProduct } from '../../town/product';
import { yuanToFen } from '~/domain/herd';
import { toKg } from '~/domain/household';
import {
  DividendSchema,
  HouseholdPaymentSchema,
  PurchasePriceSchema,
  PurchaseSchema,
  RentSchema,
  ReverseSchema,
  WageSchema,
} from '~/schemas/household';
import { setPurchasePrice } from '../register';
import { approveDividend } from './dividend';
import { payEntry } from './pay';
import { recordPayout, type PayoutInput } from './payout';
import { reverseEntries } from './reverse';

/** A write that answers null for a record out of the caller's scope. */
const orNotFound = <R>(outcome: Outcome<R> | null): Outcome<R> => outcome ?? refuse('notFound', 'v.notFound');
const id = (value: string) => new Types.ObjectId(value);
const common = (v: { householdId: string; on: string; note: string }) => ({
  householdId: id(v.householdId),
  on: v.on,
  note: v.note,
});

/** A cooperative buys from a member household: by weight, at its price for the grade or this one. */
export const recordPurchaseCommand = defineCommand({
  name: 'payout/purchase',
  permission: ['write', 'payout'],
  input: PurchaseSchema,
  run(p, { scope, actor }) {
    if (actor.role !== 'cooperative') return Promise.resolve(refuse('forbidden', 'v.forbidden'));
    const input: PayoutInput = {
      ...common(p),
      kind: 'purchase',
      productId: id(p.productId),
      grade: p.grade,
      kg: toKg(p.quantity, p.weightUnit),
      unitFen: p.priceYuan === undefined ? null : yuanToFen(p.priceYuan),
      lotId: p.lotId ? id(p.lotId) : null,
    };
    if (input.kg <= 0) return Promise.resolve(refuse('invalid', { quantity: ['v.positive'] }));
    return recordPayout(scope, input, actor);
  },
});

/** Days of work a household member did for the organization, at a daily rate. */
export const recordWageCommand = defineCommand({
  name: 'payout/wage',
  permission: ['write', 'payout'],
  input: WageSchema,
  run: (w, { scope, actor }) =>
    recordPayout(
      scope,
      { ...common(w), kind: 'wage', worker: w.worker, days: w.days, rateFen: yuanToFen(w.rateYuan) },
      actor,
    ),
});

/** A year's rent of a household's land, by area. */
export const recordRentCommand = defineCommand({
  name: 'payout/rent',
  permission: ['write', 'payout'],
  input: RentSchema,
  run: (r, { scope, actor }) =>
    recordPayout(
      scope,
      { ...common(r), kind: 'rent', areaMu: r.areaMu, rateFen: yuanToFen(r.rateYuan), rentYear: r.rentYear },
      actor,
    ),
});

/** Money paid to the household against an entry (never more than is owed on it). */
export const payEntryCommand = defineCommand({
  name: 'payout/pay',
  permission: ['pay', 'payout'],
  input: withId(HouseholdPaymentSchema),
  run: async ({ id: entryId, amountYuan, ...rest }, { scope, actor }) =>
    orNotFound(await payEntry(scope, id(entryId), { ...rest, amountFen: yuanToFen(amountYuan) }, actor)),
});

/** An entry made by mistake, voided by a reversing entry; or a whole dividend (`distributionId`). */
export const reverseEntryCommand = defineCommand({
  name: 'payout/reverse',
  permission: ['write', 'payout'],
  input: withId(ReverseSchema),
  run: async ({ id: entryId, reason }, { scope, actor }) =>
    orNotFound(await reverseEntries(scope, { entryId: id(entryId) }, reason, actor)),
});

export const reverseDividendCommand = defineCommand({
  name: 'dividend/reverse',
  permission: ['write', 'dividend'],
  input: withId(ReverseSchema),
  run: async ({ id: distributionId, reason }, { scope, actor }) =>
    orNotFound(await reverseEntries(scope, { distributionId: id(distributionId) }, reason, actor)),
});

/** The dividend form's values as the split takes them (fen). */
export const dividendInputOf = (v: z.infer<typeof DividendSchema>) => ({
  year: v.year,
  surplusFen: yuanToFen(v.surplusYuan),
  volumePct: v.volumePct,
  landFenPerMu: yuanToFen(v.landYuanPerMu),
  paidOn: v.paidOn,
});

/** A year's surplus shared out to the member households, as the preview showed it. */
export const approveDividendCommand = defineCommand({
  name: 'dividend/approve',
  permission: ['write', 'dividend'],
  input: DividendSchema,
  run: (v, { scope, actor }) => approveDividend(scope, dividendInputOf(v), actor),
});

/** A cooperative's purchase price of a crop and grade, per kilogram. */
export const setPurchasePriceCommand = defineCommand({
  name: 'price/purchase',
  permission: ['write', 'payout'],
  input: PurchasePriceSchema,
  async run(v, { scope, actor }) {
    if (actor.role !== 'cooperative') return refuse('notFound', 'v.notFound');
    if (!(await isTownProduct(scope.townId, v.productId, 'kg')))
      return refuse('invalid', { productId: ['v.invalidChoice'] });
    const input = { productId: id(v.productId), grade: v.grade, unitFen: yuanToFen(v.priceYuan) };
    return ok(await setPurchasePrice(scope, input, actor));
  },
});
