import type { BenchCase } from './types';
import { auditCases } from './audit';
import { importCases } from './imports';
import { lotCases } from './lots';
import { plantingCases } from './plantings';

export const cases: BenchCase<never>[] = [
  ...lotCases,
  ...plantingCases,
  ...auditCases,
  ...importCases,
] as BenchCase<never>[];
