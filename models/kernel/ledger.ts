// The money ledger of deliveries: receipts (收购凭证), payments and reversing entries, append
// only. Each contract's entries (a spot purchase's: the buyer and seller pair's) form a hash
// chain: an entry stores the SHA-256 of its own content and of the previous entry's hash, so
// that editing, removing or reordering a stored entry — even directly in the database — is
// found by recomputing the chain (docs/decisions/0008-hash-chains.md).
import crypto from 'node:crypto';
import { Schema, Types } from 'mongoose';
import { defineModel } from './common';
import { touchRecords } from './facts';
import { written } from './operation';
import { PAYMENT_METHODS, type PaymentMethod } from '~/domain/delivery';

export const LEDGER_KINDS = ['receipt', 'payment', 'reversal'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const GENESIS = '0'.repeat(64);

/** What an entry says; every field of it is covered by the hash. */
export interface LedgerBody {
  number: string; // LFT-PZ-2026-00001 (receipt), LFT-FK-2026-00001 (payment)
  deliveryId: Types.ObjectId;
  deliveryCode: string;
  contractId: Types.ObjectId | null;
  buyerOrgId: Types.ObjectId;
  sellerOrgId: Types.ObjectId;
  productId: Types.ObjectId;
  at: Date; // when it was recorded
  byUserId: Types.ObjectId | null;
  // receipts and reversals
  unit?: 'kg' | 'head';
  quantity?: number; // net weight accepted (kg or head)
  payableQty?: number;
  grade?: string;
  unitFen?: number;
  amountFen?: number; // negative for a reversal
  depositCreditFen?: number;
  reverses?: Types.ObjectId | null;
  // payments
  paidOn?: string; // YYYY-MM-DD
  method?: PaymentMethod;
  reference?: string;
}

export interface LedgerEntry extends LedgerBody {
  _id: Types.ObjectId;
  townId: Types.ObjectId;
  chain: string; // contract id, or `spot:<buyer>:<seller>`
  seq: number; // 1, 2, 3 … within the chain
  kind: LedgerKind;
  prevHash: string;
  hash: string;
}

const ledgerSchema = new Schema<LedgerEntry>(
  {
    townId: { type: Schema.Types.ObjectId, required: true },
    chain: { type: String, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, enum: LEDGER_KINDS, required: true },
    number: { type: String, required: true },
    deliveryId: { type: Schema.Types.ObjectId, required: true },
    deliveryCode: { type: String, required: true },
    contractId: { type: Schema.Types.ObjectId, default: null },
    buyerOrgId: { type: Schema.Types.ObjectId, required: true },
    sellerOrgId: { type: Schema.Types.ObjectId, required: true },
    productId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    byUserId: { type: Schema.Types.ObjectId, default: null },
    unit: String,
    quantity: Number,
    payableQty: Number,
    grade: String,
    unitFen: Number,
    amountFen: Number,
    depositCreditFen: Number,
    reverses: { type: Schema.Types.ObjectId, default: undefined },
    paidOn: String,
    method: { type: String, enum: PAYMENT_METHODS },
    reference: String,
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { versionKey: false },
);
// the chain's order: two appends at once cannot take the same place
ledgerSchema.index({ chain: 1, seq: 1 }, { unique: true });
ledgerSchema.index({ number: 1 }, { unique: true });
ledgerSchema.index({ deliveryId: 1, seq: 1 });
// a town's income by month, and each party's entries
ledgerSchema.index({ townId: 1, kind: 1, at: 1 });
ledgerSchema.index({ sellerOrgId: 1, kind: 1, at: 1 });
ledgerSchema.index({ buyerOrgId: 1, kind: 1, at: 1 });

export const LedgerEntryModel = defineModel('LedgerEntry', ledgerSchema);

export const chainOf = (d: {
  contractId: Types.ObjectId | null;
  buyerOrgId: Types.ObjectId;
  sellerOrgId: Types.ObjectId;
}) => (d.contractId ? String(d.contractId) : `spot:${d.buyerOrgId}:${d.sellerOrgId}`);

/** JSON with sorted keys, ids as hex and times as ISO strings: the same bytes for the same content. */
export function canonical(value: unknown): string {
  if (value instanceof Types.ObjectId) return JSON.stringify(value.toHexString());
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value)
      // absent and null say the same (a driver may store one as the other)
      .filter((k) => (value as Record<string, unknown>)[k] != null)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** The hash an entry must carry: over everything it says, its place and the previous hash. */
export function entryHash(entry: Omit<LedgerEntry, 'hash'> | LedgerEntry) {
  const { hash: _hash, ...content } = entry as LedgerEntry;
  return sha256(canonical(content));
}

export type PlannedEntry = Omit<LedgerEntry, 'seq' | 'prevHash' | 'hash'>;

/** Marks the dashboard facts an entry changes: the month's sales, and what is owed on its receipt. */
async function touchEntry(entry: PlannedEntry) {
  await touchRecords('LedgerEntry', entry as never);
}

/**
 * Appends an entry (its id fixed in an operation's plan) at the end of its chain. Idempotent:
 * an entry already there is left as it is. Two appends at once race for the next place; the
 * loser reads the new end and tries again.
 */
export async function appendEntry(planned: PlannedEntry) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await LedgerEntryModel.exists({ _id: planned._id })) {
      // appended before a crash: its facts may not have been marked yet
      await touchEntry(planned);
      return;
    }
    const last = await LedgerEntryModel.findOne({ chain: planned.chain })
      .sort({ seq: -1 })
      .select('seq hash')
      .lean();
    const entry = { ...planned, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? GENESIS };
    const doc = { ...entry, hash: entryHash(entry) };
    try {
      await LedgerEntryModel.collection.insertOne(doc as never);
      written();
      await touchEntry(doc);
      return;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      // the place was taken (or the entry was written by a repeat): look again
    }
  }
  throw new Error(`ledger chain ${planned.chain} is too busy`);
}

export interface ChainCheck {
  chain: string;
  entries: number;
  ok: boolean;
  /** The first entry that does not match: its number, place and what is wrong. */
  broken: { number: string; seq: number; problem: 'content' | 'link' | 'gap' } | null;
}

/** Recomputes a chain from its first entry, and names the first entry that does not hold. */
export async function verifyChain(chain: string): Promise<ChainCheck> {
  const cursor = LedgerEntryModel.find({ chain }).sort({ seq: 1 }).lean().cursor();
  let prev = GENESIS;
  let expected = 1;
  let count = 0;
  for await (const entry of cursor) {
    count += 1;
    const problem =
      entry.seq !== expected
        ? 'gap'
        : entry.prevHash !== prev
          ? 'link'
          : entryHash(entry as LedgerEntry) !== entry.hash
            ? 'content'
            : null;
    if (problem) {
      await cursor.close();
      return { chain, entries: count, ok: false, broken: { number: entry.number, seq: entry.seq, problem } };
    }
    prev = entry.hash;
    expected += 1;
  }
  return { chain, entries: count, ok: true, broken: null };
}

/** Every chain of a town, verified. */
export async function verifyTownChains(townId: Types.ObjectId) {
  const chains = (await LedgerEntryModel.distinct('chain', { townId })) as string[];
  const results: ChainCheck[] = [];
  for (const chain of chains.sort()) results.push(await verifyChain(chain));
  return results;
}
