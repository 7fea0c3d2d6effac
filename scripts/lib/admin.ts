// Accounts for a production install, which has no demo town: the first administrator (with
// the platform organization it belongs to), a new password for an account, and the demo API
// token revoked. Used by `npm run create-admin` (scripts/create-admin.ts); every change goes
// through the audited write path as the console.
import { OrganizationModel, createOrganization } from '#models/town/organization';
import { ApiTokenModel, hashToken } from '#models/town/api-token';
import type { Actor } from '#models/kernel/audit';
import { UserModel, createUser, hashPassword } from '#models/town/user';
import { updateRecord } from '#models/kernel/write';
import { password as passwordSchema, USERNAME_PATTERN } from '~/schemas/master-data';
import { DEMO_API_TOKENS } from '../demo/accounts';

const CONSOLE: Actor = { userId: null, username: 'create-admin', role: 'system', orgId: null, townId: null };

export class AdminError extends Error {}

function checkPassword(password: string) {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) {
    const code = parsed.error.issues[0]?.message;
    throw new AdminError(
      code === 'v.passwordPublished'
        ? 'That is the demo’s published password; choose another.'
        : code === 'v.passwordTooShort'
          ? 'A password has at least 8 characters.'
          : 'A password has 8 to 128 characters.',
    );
  }
}

/** Creates an administrator (and the platform organization, the first time). */
export async function createAdmin(username: string, password: string, displayName = '系统管理员') {
  const name = username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(name))
    throw new AdminError('A username is 3 to 32 lower-case letters, digits or -, starting with a letter.');
  checkPassword(password);
  if (await UserModel.exists({ username: name }))
    throw new AdminError(
      `An account named ${name} exists already (use --reset ${name} to set its password).`,
    );
  const platform =
    (await OrganizationModel.findOne({ type: 'platform', archivedAt: null }).lean()) ??
    (await createOrganization(null, { type: 'platform', name: '平台运营' } as never, CONSOLE));
  return createUser(
    { username: name, displayName, role: 'admin', orgId: platform._id, townId: null, password },
    CONSOLE,
  );
}

/** Sets a new password for an existing account. */
export async function resetPassword(username: string, password: string) {
  checkPassword(password);
  const name = username.trim().toLowerCase();
  const saved = await updateRecord(
    UserModel,
    { username: name },
    { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } as never,
    CONSOLE,
    { label: () => name },
  );
  if (!saved) throw new AdminError(`No account named ${name}.`);
}

/** Revokes the demo API tokens; false when there is none to revoke. */
export async function revokeDemoToken() {
  const tokens = await ApiTokenModel.find({
    tokenHash: { $in: DEMO_API_TOKENS.map(hashToken) },
    revokedAt: null,
  }).lean();
  for (const token of tokens) {
    await updateRecord(
      ApiTokenModel,
      { _id: token._id, revokedAt: null },
      { revokedAt: new Date() } as never,
      CONSOLE,
      { label: () => String(token.prefix) },
    );
  }
  return tokens.length > 0;
}
