// What the audit page shows of an event (client-safe): the server resolves ids to names and
// says what each stored value is; the page turns that into words in the reader's language.
import type { AuditAction } from '~/schemas/audit';
import type { Unit } from './format';

/** A stored value, typed for showing. */
export type Shown =
  | { t: 'none' }
  | { t: 'text'; v: string }
  | { t: 'num'; v: number; unit?: Unit; signed?: boolean }
  | { t: 'money'; fen: number }
  | { t: 'date'; v: string } // a calendar day (stored as Shanghai midnight)
  | { t: 'time'; v: string } // an instant
  | { t: 'word'; key: string } // a translation key: grade, unit, status, role…
  | { t: 'ref'; zh: string; en: string } // another record, by its name
  | { t: 'list'; items: Shown[] }
  | { t: 'range'; min: Shown; max: Shown }
  | { t: 'group'; fields: ShownField[] }
  | { t: 'secret' }
  | { t: 'bool'; v: boolean };

/** One field of a record: its name (a key under `audit.fields`) and its value(s). */
export interface ShownField {
  field: string;
  before?: Shown; // only for changes
  after: Shown;
}

export interface ShownEvent {
  id: string;
  at: string | Date;
  action: AuditAction;
  entity: string;
  actor: { name: string; username: string; role: string; org: string | null };
  record: { zh: string; en: string; href: string | null; historyHref: string };
  fields: ShownField[];
}
