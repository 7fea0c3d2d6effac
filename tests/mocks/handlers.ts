import type { RequestHandler } from 'msw';

// One module per outside service adds its handlers here (e.g. wecom-robot.ts, market-price.ts).
export const handlers: RequestHandler[] = [];
