// The problem ledger (问题台账): what holds the industry back, and where each problem stands.

export const PROBLEM_SOURCES = ['meeting', 'cooperative', 'household', 'enterprise', 'official'] as const;
export type ProblemSource = (typeof PROBLEM_SOURCES)[number];

export const PROBLEM_CATEGORIES = [
  'road',
  'water',
  'power',
  'coldChain',
  'payment',
  'market',
  'finance',
  'land',
  'other',
] as const;
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number];

export const PROBLEM_STATUSES = ['open', 'inProgress', 'solved', 'unsolvable'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export const CLOSED_STATUSES: readonly ProblemStatus[] = ['solved', 'unsolvable'];
