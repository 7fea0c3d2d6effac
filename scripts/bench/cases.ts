import type { BenchCase } from './types';
import { importCases } from './imports';
import { lotCases } from './lots';

export const cases: BenchCase<never>[] = [...lotCases, ...importCases] as BenchCase<never>[];
