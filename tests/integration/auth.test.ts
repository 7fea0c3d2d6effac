import { describe, expect, it } from 'vitest';
import { AuditEventModel } from '#models/kernel/audit';
import { loginWait, recordFailedLogin, recordSuccessfulLogin, SessionModel } from '#models/town/session';
import { UserModel } from '#models/town/user';
import * as home from '~/routes/_index';
import * as passwordRoute from '~/routes/account.password';
import * as healthz from '~/routes/healthz';
import * as login from '~/routes/login';
import * as logout from '~/routes/logout';
import { makeTownWithRoles } from '#tests/factories';
import { args, expectThrownStatus, payloadOf, requestAs, statusOf } from '#tests/utils';

type Reply = { result: { error?: Record<string, string[]> } };

function loginRequest(username: string, password: string, redirectTo = '') {
  return new Request('http://localhost:3000/login', {
    method: 'POST',
    body: new URLSearchParams({ username, password, redirectTo }),
  });
}

describe('sign-in', () => {
  it('signs in with the right password and sets an HttpOnly SameSite session cookie', async () => {
    const { users } = await makeTownWithRoles();
    const response = (await login.action(
      args(loginRequest(users.official.username, 'demo1234', '/audit')),
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/audit');
    const cookie = response.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/xl_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(await SessionModel.countDocuments({ userId: users.official._id })).toBe(1);

    // the cookie opens a protected page: the official's home is the town dashboard
    const page = await home
      .loader(args(new Request('http://localhost:3000/', { headers: { Cookie: cookie.split(';')[0] } })))
      .catch((e: Response) => e);
    expect((page as Response).headers.get('Location')).toBe('/dashboard');
  });

  it('never redirects off-site after sign-in', async () => {
    const { users } = await makeTownWithRoles();
    const response = (await login.action(
      args(loginRequest(users.official.username, 'demo1234', '//evil.example/x')),
    )) as Response;
    expect(response.headers.get('Location')).toBe('/');
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const { users } = await makeTownWithRoles();
    const unknown = payloadOf<Reply>(await login.action(args(loginRequest('nobody-here', 'demo1234'))));
    const wrong = payloadOf<Reply>(
      await login.action(args(loginRequest(users.official.username, 'wrong-password'))),
    );
    expect(unknown.result.error).toEqual({ '': ['auth.invalid'] });
    expect(wrong.result.error).toEqual(unknown.result.error);
    expect(await SessionModel.countDocuments()).toBe(0);
  });

  it('slows a guesser down from their address with growing waits, without locking the owner out', async () => {
    const { users } = await makeTownWithRoles();
    const name = users.official.username;
    const attacker = (password: string) =>
      login.action({ ...args(loginRequest(name, password)), context: { clientIp: '203.0.113.9' } });
    // two free failures, then every attempt must wait twice as long as the one before
    for (const expected of [400, 400, 400]) expect(statusOf(await attacker('wrong'))).toBe(expected);
    const waiting = await attacker('demo1234'); // even the right password is not looked at yet
    expect(statusOf(waiting)).toBe(429);
    expect(payloadOf<Reply>(waiting).result.error?.['']).toEqual(['auth.wait|{"seconds":1}']);
    expect(await SessionModel.countDocuments()).toBe(0);
    expect(await loginWait(name, '203.0.113.9')).toBe(1);
    await recordFailedLogin(name, '203.0.113.9');
    expect(await loginWait(name, '203.0.113.9')).toBe(2);

    // the owner, from their own address, signs in at once and is told about the attempts
    const owner = (await login.action({
      ...args(loginRequest(name, 'demo1234')),
      context: { clientIp: '198.51.100.7' },
    })) as Response;
    expect(owner.status).toBe(302);
    const cookies = owner.headers.getSetCookie().join('\n');
    expect(cookies).toContain('xl_session=');
    expect(cookies).toContain('xl_flash=');
    expect(await recordSuccessfulLogin(name, '198.51.100.7')).toBe(0); // told once, then counted anew
  });

  it('past 10 failures from anywhere, a username may be tried once in 5 seconds — slowed, never locked', async () => {
    const { users } = await makeTownWithRoles();
    const name = users.official.username;
    const t0 = new Date('2026-11-20T08:00:00Z');
    // eleven failures from eleven addresses (a botnet): none of them meets a per-address wait
    for (let i = 0; i < 11; i++) await recordFailedLogin(name, `192.0.2.${i}`, t0);
    expect(await loginWait(name, '198.51.100.7', t0)).toBe(5);
    expect(await loginWait(name, '198.51.100.7', new Date(t0.getTime() + 5_000))).toBe(0);
    // unknown usernames are slowed the same way: nothing tells who exists
    for (let i = 0; i < 11; i++) await recordFailedLogin('ghost-user', `192.0.2.${i}`, t0);
    expect(await loginWait('ghost-user', '198.51.100.7', t0)).toBe(5);
    // after a quiet quarter of an hour the window starts again
    const later = new Date(t0.getTime() + 16 * 60_000);
    await recordFailedLogin(name, '192.0.2.200', later);
    expect(await loginWait(name, '198.51.100.7', later)).toBe(0);
  });

  it('rejects an empty form with field errors and no session', async () => {
    const result = await login.action(args(loginRequest('', '')));
    expect(statusOf(result)).toBe(400);
    const reply = payloadOf<Reply>(result);
    expect(reply.result.error?.username).toEqual(['v.required']);
    expect(reply.result.error?.password).toEqual(['v.required']);
  });

  it('an archived user cannot sign in and their sessions stop working', async () => {
    const { users } = await makeTownWithRoles();
    const request = await requestAs(users.plant, '/');
    await UserModel.updateOne({ _id: users.plant._id }, { $set: { archivedAt: new Date() } });
    const response = await home.loader(args(request)).catch((e) => e);
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get('Location')).toBe('/login');
    const reply = payloadOf<Reply>(await login.action(args(loginRequest(users.plant.username, 'demo1234'))));
    expect(reply.result.error).toEqual({ '': ['auth.invalid'] });
  });
});

describe('sessions', () => {
  it('sends anonymous visitors to sign-in and back', async () => {
    const response = await home.loader(args(new Request('http://localhost:3000/audit?x=1'))).catch((e) => e);
    expect((response as Response).headers.get('Location')).toBe('/login?redirectTo=%2Faudit%3Fx%3D1');
  });

  it('logout revokes the session in the database', async () => {
    const { users } = await makeTownWithRoles();
    const request = await requestAs(users.cooperative, '/logout', { method: 'POST', form: {} });
    expect(await SessionModel.countDocuments()).toBe(1);
    const response = await logout.action(args(request));
    expect(response.status).toBe(302);
    expect(await SessionModel.countDocuments()).toBe(0);
    await expect(
      home.loader(args(new Request('http://localhost:3000/', { headers: request.headers }))),
    ).rejects.toBeInstanceOf(Response);
  });

  it('a forged or tampered cookie is not a session', async () => {
    const forged = new Request('http://localhost:3000/', { headers: { Cookie: 'xl_session=abc.def' } });
    const response = await home.loader(args(forged)).catch((e) => e);
    expect((response as Response).status).toBe(302);
  });
});

describe('change password', () => {
  it('needs the current password, then changes it, audits it and signs out other devices', async () => {
    const { users } = await makeTownWithRoles();
    const other = await requestAs(users.base, '/');
    const form = { currentPassword: 'wrong', newPassword: 'new-pass-123', confirmPassword: 'new-pass-123' };
    const rejected = await passwordRoute.action(
      args(await requestAs(users.base, '/account/password', { form })),
    );
    expect(payloadOf<Reply>(rejected).result.error?.currentPassword).toEqual(['auth.wrongCurrent']);

    const mine = await requestAs(users.base, '/account/password', {
      form: { ...form, currentPassword: 'demo1234' },
    });
    const done = (await passwordRoute.action(args(mine))) as Response;
    expect(done.status).toBe(302);
    // this session still works, the other one is gone
    await expect(
      home.loader(args(new Request('http://localhost:3000/', { headers: mine.headers }))),
    ).resolves.toBeTruthy();
    await expect(
      home.loader(args(new Request('http://localhost:3000/', { headers: other.headers }))),
    ).rejects.toBeInstanceOf(Response);
    // the new password signs in, the old does not
    expect(statusOf(await login.action(args(loginRequest(users.base.username, 'new-pass-123'))))).toBe(302);
    expect(statusOf(await login.action(args(loginRequest(users.base.username, 'demo1234'))))).toBe(400);
    const audit = await AuditEventModel.findOne({ recordId: users.base._id, action: 'update' }).lean();
    expect(audit?.changed).toContain('passwordHash');
    expect(JSON.stringify(audit)).not.toMatch(/argon2/);
  });

  it('rejects a mismatched confirmation without changing anything', async () => {
    const { users } = await makeTownWithRoles();
    const before = await UserModel.findById(users.base._id).lean();
    const form = {
      currentPassword: 'demo1234',
      newPassword: 'new-pass-123',
      confirmPassword: 'other-pass-123',
    };
    const result = await passwordRoute.action(
      args(await requestAs(users.base, '/account/password', { form })),
    );
    expect(payloadOf<Reply>(result).result.error?.confirmPassword).toEqual(['v.passwordMismatch']);
    expect((await UserModel.findById(users.base._id).lean())?.passwordHash).toBe(before?.passwordHash);
  });

  it('an anonymous post is sent to sign-in', async () => {
    await expectThrownStatus(
      passwordRoute.action(args(await requestAs(null, '/account/password', { form: {} }))),
      302,
    );
  });
});

describe('healthz', () => {
  it('reports the database up', async () => {
    const response = await healthz.loader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, db: 'up' });
  });
});
