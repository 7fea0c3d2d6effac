// The kernel's face for the app: what a route or a server helper may use of it. Modules reach
// the kernel's files directly; the app only through here (eslint.config.js).
export {
  defineCommand,
  execute,
  found,
  isRefusal,
  msg,
  ok,
  refuse,
  REFUSAL_STATUS,
  WriteRefused,
  type Caller,
  type Command,
  type CommandContext,
  type FieldErrors,
  type Outcome,
  type Refusal,
  type RefusalCode,
} from './command';
export { recordCommands, withId, type RecordCommands } from './record-commands';
export { toObjectId, DuplicateKeyError, type PlainDoc } from './common';
export type { Scope } from './scope';
export { listAuditEvents, type Actor } from './audit';
export { verifyAuditTrail } from './audit-seal';
export { getImport, listImports } from './import';
export { VISIBLE } from './staging';
export { runAllJobs, runDueJobs } from './jobs';
