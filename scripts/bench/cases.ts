import type { BenchCase } from './types';
import { auditCases } from './audit';
import { importCases } from './imports';
import { lotCases } from './lots';
import { plantingCases } from './plantings';
import { writeCases } from './writes';
import { deliveryCases } from './deliveries';
import { householdCases } from './households';
import { dashboardCases } from './dashboard';
import { plantCases } from './plant';
import { coldChainCases } from './coldchain';

export const cases: BenchCase<never>[] = [
  ...lotCases,
  ...plantingCases,
  ...auditCases,
  ...importCases,
  ...writeCases,
  ...deliveryCases,
  ...householdCases,
  ...dashboardCases,
  ...plantCases,
  ...coldChainCases,
] as BenchCase<never>[];
