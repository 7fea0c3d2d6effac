// A production install (issue 17): no demo account is created for it, its first administrator
// is made from a password the operator gives, and a database where a demo password or the demo
// API token still works is found, so that start-up can refuse it.
import { describe, expect, it } from 'vitest';
import { findToken } from '#models/town/api-token';
import { UserModel, verifyLogin } from '#models/town/user';
import { AdminError, createAdmin, resetPassword, revokeDemoToken } from '../../scripts/lib/admin';
import { DEMO_API_TOKEN, DEMO_PASSWORD } from '../../scripts/demo/accounts';
import { demoLeftovers } from '../../scripts/lib/production';
import { SYSTEM_ACTOR } from '#models/kernel/audit';
import { makeAdmin } from '#tests/factories';

describe('the first administrator', () => {
  it('is made from the password given, never a default, and never the demo’s', async () => {
    await expect(createAdmin('root', DEMO_PASSWORD)).rejects.toThrow(AdminError);
    await expect(createAdmin('root', 'short')).rejects.toThrow(AdminError);
    await expect(createAdmin('Root Admin', 'a-long-password')).rejects.toThrow(AdminError);
    expect(await UserModel.countDocuments()).toBe(0);
    await createAdmin('root', 'a-long-password');
    expect((await verifyLogin('root', 'a-long-password'))?.role).toBe('admin');
    expect(await verifyLogin('root', DEMO_PASSWORD)).toBeNull();
    await expect(createAdmin('root', 'another-password')).rejects.toThrow(/exists already/);
    expect(await demoLeftovers()).toEqual([]);
  });
});

describe('demo credentials in a database', () => {
  it('an administrator with the demo password is found, and gone once the password is reset', async () => {
    const { admin } = await makeAdmin(); // the factories' accounts carry the demo password
    expect(await demoLeftovers()).toEqual([`account ${admin.username} (password ${DEMO_PASSWORD})`]);
    await resetPassword(admin.username, 'a-long-password');
    expect(await demoLeftovers()).toEqual([]);
  });

  it('the demo API token is found until it is revoked', async () => {
    const { issueToken } = await import('#models/town/api-token');
    const { makeTownWithRoles } = await import('#tests/factories');
    const w = await makeTownWithRoles();
    await resetPassword(w.users.official.username, 'a-long-password'); // not an admin: not tried
    await issueToken(
      { townId: w.town._id, orgId: w.orgs.enterprise._id, role: 'enterprise', name: 'ERP' },
      { ...SYSTEM_ACTOR, orgId: w.orgs.enterprise._id, townId: w.town._id },
      DEMO_API_TOKEN,
    );
    expect(await demoLeftovers()).toEqual([`the demo API token ${DEMO_API_TOKEN.slice(0, 16)}…`]);
    expect(await revokeDemoToken()).toBe(true);
    expect((await findToken(DEMO_API_TOKEN))?.invalid).toBe('revoked');
    expect(await demoLeftovers()).toEqual([]);
    expect(await revokeDemoToken()).toBe(false);
  });
});
