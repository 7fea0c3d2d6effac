/** id → name maps for showing references in lists (client-safe). */
export function namesOf(options: { value: string; label: string }[]) {
  return Object.fromEntries(options.map((o) => [o.value, o.label]));
}
