// What an attacker tried (issue 7): open redirects, echoed passwords, posts without proof of
// origin, dates that broke the server.
import { describe, expect, it } from 'vitest';
import { PlantingModel } from '#models/field/planting';
import { SessionModel } from '#models/town/session';
import * as password from '~/routes/account.password';
import * as newUser from '~/routes/admin.users.new';
import * as login from '~/routes/login';
import * as plantingNew from '~/routes/plantings.new';
import * as setLanguage from '~/routes/set-language';
import { safeRedirect } from '~/utils/auth.server';
import { formToken } from '~/utils/csrf.server';
import { makeAdmin, makeKudzu, makeTownWithRoles } from '#tests/factories';
import { args, payloadOf, requestAs, statusOf } from '#tests/utils';

type Reply = { result: { error?: Record<string, string[]>; initialValue?: Record<string, unknown> } };

describe('redirects stay on this app', () => {
  it('accepts paths of the app and refuses everything that could leave it', () => {
    expect(safeRedirect('/plantings?crop=1#x')).toBe('/plantings?crop=1#x');
    expect(safeRedirect('/a/../audit')).toBe('/audit');
    // a percent-encoded TAB in a path is a path of this app, not a way out
    expect(new URL(safeRedirect('/%09/x'), 'https://app.example').origin).toBe('https://app.example');
    for (const evil of [
      '/\t/evil.example',
      '/\t\\evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '/\r\nSet-Cookie: x=1',
      '/\u0000',
      // paths that normalize to `//host` (issue 17)
      '/.//evil.example',
      '/..//evil.example',
      '/%2e//evil.example',
      '/%2E%2E//evil.example',
      '/ok/../..//evil.example',
      '/././/evil.example/x?y#z',
      ' /x',
      '',
      null,
      42,
    ]) {
      expect(safeRedirect(evil), String(evil)).toBe('/');
    }
  });

  it('the language switch and sign-in never redirect off-site, and never answer 500', async () => {
    const post = (redirectTo: string) =>
      setLanguage.action(
        args(
          new Request('http://localhost:3000/set-language', {
            method: 'POST',
            body: new URLSearchParams({ lng: 'en', redirectTo }),
          }),
        ),
      );
    for (const redirectTo of [
      '/\t/evil.example',
      '/\t\\evil.example',
      '/\r\n/evil',
      '//evil.example',
      '/.//evil.example',
      '/%2e//evil.example',
    ]) {
      const res = (await post(redirectTo)) as Response;
      expect(res.status).toBe(302);
      expect(res.headers.get('Location')).toBe('/');
    }
    const { users } = await makeTownWithRoles();
    // the body as an attacker writes it: %09 is a TAB once the form is read
    const signIn = (await login.action(
      args(
        new Request('http://localhost:3000/login', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `username=${users.official.username}&password=demo1234&redirectTo=/%09/evil.example`,
        }),
      ),
    )) as Response;
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get('Location')).toBe('/');
    for (const redirectTo of ['/.//evil.example', '/..//evil.example', '/ok/../..//evil.example']) {
      const res = (await login.action(
        args(
          new Request('http://localhost:3000/login', {
            method: 'POST',
            body: new URLSearchParams({
              username: users.official.username,
              password: 'demo1234',
              redirectTo,
            }),
          }),
        ),
      )) as Response;
      expect(res.status, redirectTo).toBe(302);
      expect(res.headers.get('Location'), redirectTo).toBe('/');
    }
  });
});

describe('passwords never travel back', () => {
  it('not from a failed sign-in, a failed password change or a refused new user', async () => {
    const w = await makeTownWithRoles();
    const failed = await login.action(
      args(
        new Request('http://localhost:3000/login', {
          method: 'POST',
          body: new URLSearchParams({ username: w.users.official.username, password: 'hunter2-secret' }),
        }),
      ),
    );
    expect(statusOf(failed)).toBe(400);
    expect(JSON.stringify(payloadOf(failed))).not.toContain('hunter2-secret');
    expect(payloadOf<Reply>(failed).result.initialValue?.username).toBe(w.users.official.username);

    const change = await password.action(
      args(
        await requestAs(w.users.official, '/account/password', {
          form: {
            currentPassword: 'wrong-current-1',
            newPassword: 'brand-new-pass-9',
            confirmPassword: 'brand-new-pass-9',
          },
        }),
      ),
    );
    expect(statusOf(change)).toBe(400);
    expect(JSON.stringify(payloadOf(change))).not.toMatch(/wrong-current-1|brand-new-pass-9/);

    const { admin } = await makeAdmin();
    const refused = await newUser.action(
      args(
        await requestAs(admin, '/admin/users/new', {
          form: {
            username: 'x', // too short: refused
            displayName: '新用户',
            role: 'official',
            orgId: String(w.orgs.government._id),
            password: 'new-user-secret-7',
          },
        }),
      ),
    );
    expect(statusOf(refused)).toBe(400);
    expect(JSON.stringify(payloadOf(refused))).not.toContain('new-user-secret-7');
  });
});

describe('a post whose browser sends no Origin carries the form token', () => {
  it('is refused without the token or with a wrong one, and accepted with the right one', async () => {
    const w = await makeTownWithRoles();
    const page = await requestAs(w.users.cooperative, '/');
    const { token, setCookie } = await formToken(page);
    const seedCookie = setCookie!.split(';')[0];
    const post = async (extra: Record<string, string>, cookie = seedCookie) => {
      const request = await requestAs(w.users.cooperative, '/set-language', {
        form: { lng: 'en', redirectTo: '/', ...extra },
        headers: { 'x-xl-token-required': '1' },
      });
      request.headers.set('Cookie', `${request.headers.get('Cookie')}; ${cookie}`);
      return setLanguage.action(args(request));
    };
    const refused = async (extra: Record<string, string>, cookie?: string) => {
      const res = (await post(extra, cookie)) as Response;
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('无法确认这次提交来自乡链的页面');
    };
    await refused({});
    await refused({ _csrf: 'x'.repeat(token.length) });
    await refused({ _csrf: token }, 'xl_csrf=other');
    expect(((await post({ _csrf: token })) as Response).status).toBe(302);
    // another browser's token is no good here
    const other = await formToken(new Request('http://localhost:3000/'));
    await refused({ _csrf: other.token });
    expect(await SessionModel.countDocuments()).toBeGreaterThan(0);
  });
});

describe('dates', () => {
  it('years before 2000 or in the first century are refused with a message, never a 500', async () => {
    const w = await makeTownWithRoles();
    const kudzu = await makeKudzu(w.town._id);
    for (const plantedOn of ['0050-03-01', '0001-01-01', '1900-05-01', '1999-12-31']) {
      const res = await plantingNew.action(
        args(
          await requestAs(w.users.cooperative, '/plantings/new', {
            form: {
              villageId: String(w.village._id),
              productId: String(kudzu._id),
              areaMu: '3',
              households: '2',
              plantedOn,
            },
          }),
        ),
      );
      expect(statusOf(res), plantedOn).toBe(400);
      expect(payloadOf<Reply>(res).result.error).toEqual({ plantedOn: ['v.dateOutOfRange'] });
    }
    expect(await PlantingModel.countDocuments()).toBe(0);
  });
});
