// What `npm run db:check [--repair]` does once connected: every invariant checked (and, with
// --repair, repaired), the findings printed; its exit code. The tests run it in-process.
import { checkDatabase } from '#models/kernel/checks';
import { recoverAllImports } from '~/utils/imports/index.server';
import { printReport } from './report';

export async function dbCheck(
  flags: string[],
  { exclusive = process.env.XL_DB_EXCLUSIVE === '1', write = (line: string) => console.error(line) } = {},
): Promise<0 | 1> {
  const report = await checkDatabase({
    repair: flags.includes('--repair'),
    exclusive,
    recoverImports: recoverAllImports,
  });
  printReport(report, '[db:check]', write);
  return report.problems.length ? 1 : 0;
}
