// What a production database must never hold: the demo town's published credentials. Start-up
// (scripts/prepare-db.ts) refuses to serve a production database where one still works, and
// says how to put it right.
import { verify } from '@node-rs/argon2';
import { ApiTokenModel, hashToken } from '#models/town/api-token';
import { UserModel } from '#models/town/user';
import { DEMO_ACCOUNTS, DEMO_API_TOKENS, DEMO_PASSWORD } from '../demo/accounts';

/**
 * Each account that still signs in with the demo password (the demo's account names and every
 * administrator are tried; new passwords can never be the demo's), and the demo API token if it
 * is not revoked. Empty when the database is fit for production.
 */
export async function demoLeftovers(): Promise<string[]> {
  const found: string[] = [];
  const users = await UserModel.find({
    archivedAt: null,
    $or: [{ username: { $in: [...DEMO_ACCOUNTS] } }, { role: 'admin' }],
  })
    .select('username passwordHash')
    .lean();
  for (const u of users) {
    if (await verify(u.passwordHash, DEMO_PASSWORD))
      found.push(`account ${u.username} (password ${DEMO_PASSWORD})`);
  }
  for (const demo of DEMO_API_TOKENS) {
    const token = await ApiTokenModel.findOne({ tokenHash: hashToken(demo), revokedAt: null })
      .select('prefix')
      .lean();
    if (token) found.push(`the demo API token ${demo.slice(0, 16)}…`);
  }
  return found;
}

export const LEFTOVERS_HELP = [
  'A production database must not hold the demo town’s published credentials.',
  'Start on an empty database and create the first administrator with `npm run create-admin -- <username>`;',
  'or, to keep this data, give each account listed a new password (`npm run create-admin -- --reset <username>`)',
  'and revoke the demo API token (`npm run create-admin -- --revoke-demo-token`).',
].join('\n');
