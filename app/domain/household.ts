// Households' fixed choices and small rules, without zod or mongoose (pages use them too).

/** What the industry pays a household; each kind is a line of its ledger. */
export const INCOME_KINDS = ['purchase', 'wage', 'rent', 'dividend'] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

/** A ledger entry: an income (or its reversal, same kind, negative) or a payment of one. */
export const ENTRY_KINDS = [...INCOME_KINDS, 'payment'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Methods of paying a household (a bank transfer, cash, or a WeChat/Alipay transfer). */
export const HOUSEHOLD_PAY_METHODS = ['cash', 'bank', 'wechat', 'alipay'] as const;
export type HouseholdPayMethod = (typeof HOUSEHOLD_PAY_METHODS)[number];

/** Annual industry income bands, in 元 (the lower bound is inclusive). */
export const INCOME_BANDS = [
  { key: 'lt1k', minYuan: 0 },
  { key: 'k1_5', minYuan: 1_000 },
  { key: 'k5_10', minYuan: 5_000 },
  { key: 'gt10k', minYuan: 10_000 },
] as const;
export type IncomeBand = (typeof INCOME_BANDS)[number]['key'];

export function incomeBand(fen: number): IncomeBand {
  let band: IncomeBand = 'lt1k';
  for (const b of INCOME_BANDS) if (fen >= b.minYuan * 100) band = b.key;
  return band;
}

/** The law's floor: at least 60 % of a surplus returned by members' transaction volume. */
export const MIN_VOLUME_PCT = 60;

/** 138****5678: the first three and the last four digits; short numbers are hidden whole. */
export function maskPhone(phone: string) {
  const digits = phone.replace(/\s+/g, '');
  if (!digits) return '';
  if (digits.length < 8) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** 1 斤 = 0.5 kg; weights are stored in kg to 0.01. */
export const WEIGHT_INPUT_UNITS = ['kg', 'jin'] as const;
export type WeightInputUnit = (typeof WEIGHT_INPUT_UNITS)[number];
export const toKg = (value: number, unit: WeightInputUnit) =>
  Math.round((unit === 'jin' ? value / 2 : value) * 100) / 100;

/** An amount in 分 for a quantity at a price per unit in 分 (rounded once, half up). */
export const amountFor = (quantity: number, unitFen: number) => Math.round(quantity * unitFen);

/**
 * Splits `total` 分 in proportion to `weights` (whole 分, largest remainders first, ties to
 * the earlier line), so that the parts add up exactly to the total. BigInt keeps the
 * products exact whatever the size of the figures.
 */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, w) => a + BigInt(Math.round(w)), 0n);
  if (sum === 0n || total === 0) return weights.map(() => 0);
  const T = BigInt(total);
  const parts = weights.map((w) => (T * BigInt(Math.round(w))) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (T * BigInt(Math.round(w))) % sum }));
  let left = Number(T - parts.reduce((a, p) => a + p, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0) break;
    parts[i] += 1n;
    left -= 1;
  }
  return parts.map(Number);
}

export interface DividendMember {
  householdId: string;
  volumeFen: number; // what the cooperative bought from the household in the year
  shareFen: number; // its shares: cash, and land valued at the cooperative's rate
}

export interface DividendLine extends DividendMember {
  byVolumeFen: number;
  bySharesFen: number;
  amountFen: number;
}

export type DividendSplit =
  | { ok: true; volumePct: number; byVolumeFen: number; bySharesFen: number; lines: DividendLine[] }
  | { ok: false; error: 'noVolume' | 'belowFloor' | 'nothingToSplit' };

/**
 * The split a cooperative's surplus follows (农民专业合作社法 art. 44): at least `MIN_VOLUME_PCT`
 * by members' transaction volume, the rest by shares. The volume part is rounded up, so it is
 * never below the percentage chosen; without any shares, all of it goes by volume.
 */
export function splitDividend(
  surplusFen: number,
  volumePct: number,
  members: DividendMember[],
): DividendSplit {
  if (!(surplusFen > 0)) return { ok: false, error: 'nothingToSplit' };
  if (!(volumePct >= MIN_VOLUME_PCT && volumePct <= 100)) return { ok: false, error: 'belowFloor' };
  const volume = members.reduce((a, m) => a + m.volumeFen, 0);
  if (volume <= 0) return { ok: false, error: 'noVolume' };
  const shares = members.reduce((a, m) => a + m.shareFen, 0);
  const pct = shares > 0 ? volumePct : 100;
  const byVolumeFen = Math.min(surplusFen, Math.ceil((surplusFen * pct) / 100 - 1e-9));
  const bySharesFen = surplusFen - byVolumeFen;
  const v = apportion(
    byVolumeFen,
    members.map((m) => Math.max(0, m.volumeFen)),
  );
  const s = apportion(
    bySharesFen,
    members.map((m) => Math.max(0, m.shareFen)),
  );
  return {
    ok: true,
    volumePct: pct,
    byVolumeFen,
    bySharesFen,
    lines: members.map((m, i) => ({ ...m, byVolumeFen: v[i], bySharesFen: s[i], amountFen: v[i] + s[i] })),
  };
}

/** The year and month (1–12) of a YYYY-MM-DD day. */
export function yearMonth(day: string) {
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
}

/** The change from last year to this, as a fraction (null when there was nothing last year). */
export function change(current: number, previous: number) {
  return previous > 0 ? (current - previous) / previous : null;
}

/**
 * What is still owed on a household entry: what it made due, less what was reversed and paid.
 * Only income owes anything (a payment or a reversing entry owes nothing). The one place the
 * sum is written; the database's form of it is `OWED_ON_ENTRY` (models/households/entries.ts).
 */
export function owedOnEntry(e: { kind: string; amountFen: number; reversedFen: number; paidFen: number }) {
  if (!(INCOME_KINDS as readonly string[]).includes(e.kind) || e.amountFen <= 0) return 0;
  return e.amountFen - e.reversedFen - e.paidFen;
}

/** 户均增收: income per linked household, to the 分 (0 when no household is linked). */
export const averagePerHousehold = (totalFen: number, households: number) =>
  households > 0 ? Math.round(totalFen / households) : 0;
