// The audit trail's vocabulary (client-safe: the audit page's filters need it).
export const AUDIT_ACTIONS = ['create', 'update', 'archive', 'restore', 'repair', 'export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
