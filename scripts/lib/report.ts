import type { CheckReport } from '#models/kernel/checks';

/** Prints a check's findings: what was repaired, then what is left, grouped by check. */
export function printReport(
  report: CheckReport,
  prefix: string,
  write: (line: string) => void = console.error,
) {
  for (const { problem, result } of report.repaired) {
    write(`${prefix} repaired ${problem.check} ${problem.record ?? ''}: ${problem.message} → ${result}`);
  }
  const byCheck = new Map<string, typeof report.problems>();
  for (const p of report.problems) byCheck.set(p.check, [...(byCheck.get(p.check) ?? []), p]);
  for (const [check, problems] of byCheck) {
    write(`${prefix} ${check}: ${problems.length} problem(s)`);
    for (const p of problems.slice(0, 10)) write(`${prefix}   ${p.record ?? ''} ${p.message}`);
  }
  write(
    `${prefix} ${report.problems.length === 0 ? 'every invariant holds' : `${report.problems.length} problem(s) left`}` +
      (report.repaired.length ? ` (${report.repaired.length} repaired)` : ''),
  );
}
