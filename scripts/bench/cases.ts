import type { BenchCase } from './types';
import { lotCases } from './lots';

export const cases: BenchCase<never>[] = [...lotCases] as BenchCase<never>[];
