// Calendar dates entered by users are Asia/Shanghai dates. They are stored as the UTC instant
// of that day's midnight in Shanghai (UTC+8, no daylight saving). Shared by the models and
// the pages (app/utils/dates.ts and format.ts re-export these).

export const TIME_ZONE = 'Asia/Shanghai';

const OFFSET_MS = 8 * 60 * 60 * 1000;

// building an Intl formatter costs far more than using one: made once and kept
const ISO_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** YYYY-MM-DD of an instant in Shanghai. */
export function shanghaiDateString(value: Date | string) {
  return ISO_DATE.format(new Date(value));
}

/** '2026-10-15' → 2026-10-14T16:00:00Z; null for anything that is not a real date. */
export function shanghaiMidnight(date: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return new Date(check.getTime() - OFFSET_MS);
}

/** Today's date in Shanghai as YYYY-MM-DD. */
export function todayInShanghai(now = new Date()) {
  return shanghaiDateString(now);
}

/** YYYYMMDD of an instant in Shanghai (used in lot codes). */
export function compactShanghaiDate(value: Date) {
  return shanghaiDateString(value).replaceAll('-', '');
}

/** '2026-11-15T08:30' typed in Shanghai → its instant; null when it is not a real time. */
export function shanghaiInstant(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const day = shanghaiMidnight(m[1]!);
  const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (!day || h > 23 || min > 59 || s > 59) return null;
  return new Date(day.getTime() + ((h * 60 + min) * 60 + s) * 1000);
}

/** The instant as a datetime-local field shows it in Shanghai: '2026-11-15T08:30'. */
export function shanghaiLocalInput(at: Date) {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16);
}

/** Shanghai midnight of the day an instant falls on. */
export function shanghaiDayOf(at: Date) {
  return shanghaiMidnight(shanghaiDateString(at))!;
}
