import type { BenchCase } from './types';
import { auditCases } from './audit';
import { importCases } from './imports';
import { lotCases } from './lots';
import { plantingCases } from './plantings';
import { writeCases } from './writes';
import { deliveryCases } from './deliveries';
import { householdCases } from './households';
import { dashboardCases } from './dashboard';

export const cases: BenchCase<never>[] = [
  ...lotCases,
  ...plantingCases,
  ...auditCases,
  ...importCases,
  ...writeCases,
  ...deliveryCases,
  ...householdCases,
  ...dashboardCases,
] as BenchCase<never>[];
