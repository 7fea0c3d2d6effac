// Whatever a form post carries, the answer is a clear 4xx or a message next to the field,
// never a 500, and nothing is written from bad input.
import { describe, expect, it } from 'vitest';
import { VillageModel } from '#models/town/village';
import * as login from '~/routes/login';
import * as newVillage from '~/routes/master.villages.new';
import * as setLanguage from '~/routes/set-language';
import { parseDecimal } from '~/schemas/coerce';
import { isCleanText } from '~/schemas/common';
import { makeTownWithRoles } from '#tests/factories';
import { args, expectThrownStatus, payloadOf, requestAs, statusOf } from '#tests/utils';

type Reply = { result: { error?: Record<string, string[]> } };
const errorsOf = (value: unknown) => payloadOf<Reply>(value).result.error ?? {};

async function official() {
  const w = await makeTownWithRoles();
  const post = async (body: BodyInit, contentType: string | null) => {
    const request = await requestAs(w.users.official, '/master/villages/new', {
      body,
      headers: contentType ? { 'Content-Type': contentType } : {},
    });
    return newVillage.action(args(request));
  };
  const postForm = async (form: Record<string, string>) =>
    newVillage.action(args(await requestAs(w.users.official, '/master/villages/new', { form })));
  return { ...w, post, postForm };
}

describe('form bodies', () => {
  it('refuses other content types, broken encodings, oversize bodies and unknown fields', async () => {
    const w = await official();
    await expectThrownStatus(
      w.post(JSON.stringify({ name: '甲村', households: 5 }), 'application/json'),
      415,
    );
    await expectThrownStatus(w.post('name=甲村&households=5', 'text/plain'), 415);
    await expectThrownStatus(w.post('name=甲村', null), 415);
    await expectThrownStatus(
      w.post(
        '--xx\r\nContent-Disposition: form-data; name="name"\r\n\r\n甲',
        'multipart/form-data; boundary=xx',
      ),
      400,
    );
    await expectThrownStatus(w.post('name=%ZZ&households=5', 'application/x-www-form-urlencoded'), 400);
    await expectThrownStatus(w.post('name=%FF%FE&households=5', 'application/x-www-form-urlencoded'), 400);
    await expectThrownStatus(
      w.post(`name=${'甲'.repeat(100_000)}&households=5`, 'application/x-www-form-urlencoded'),
      413,
    );
    await expectThrownStatus(
      w.post('name=甲村&households=5&redirectTo[1000000]=x', 'application/x-www-form-urlencoded'),
      400,
    );
    await expectThrownStatus(w.postForm({ name: '甲村', households: '5', townId: 'x' }), 400);
    expect(await VillageModel.countDocuments({ townId: w.town._id, name: '甲村' })).toBe(0);

    // a well-formed multipart post of the same form is fine
    const form = new FormData();
    form.set('name', '乙村');
    form.set('households', '7');
    const res = await newVillage.action(
      args(await requestAs(w.users.official, '/master/villages/new', { body: form })),
    );
    expect(statusOf(res)).toBe(302);
    expect(await VillageModel.countDocuments({ name: '乙村' })).toBe(1);
  });

  it('the sign-in and language forms answer a JSON body with 415, not 500', async () => {
    const json = {
      method: 'POST',
      body: '{"username":"a"}',
      headers: { 'Content-Type': 'application/json' },
    };
    await expectThrownStatus(login.action(args(new Request('http://localhost:3000/login', json))), 415);
    // a route without a page answers with an error page of its own
    const res = (await setLanguage.action(
      args(new Request('http://localhost:3000/set-language', json)),
    )) as Response;
    expect(res.status).toBe(415);
    expect(await res.text()).toContain('提交的格式不受支持');
  });
});

describe('numbers and text', () => {
  it('reads plain decimals, separators and full-width digits; refuses hex, exponents and misplaced commas', () => {
    expect(parseDecimal('12.5')).toBe(12.5);
    expect(parseDecimal(' 1,200 ')).toBe(1200);
    expect(parseDecimal('1,234,567.25')).toBe(1234567.25);
    expect(parseDecimal('１２．５')).toBe(12.5);
    expect(parseDecimal('１，２００')).toBe(1200);
    expect(parseDecimal('-3')).toBe(-3);
    for (const bad of [
      '0x10',
      '1e3',
      '1E3',
      'Infinity',
      'NaN',
      '1,20',
      '12,34,567',
      '1.2.3',
      '0b11',
      '٣',
      '',
    ]) {
      expect(parseDecimal(bad), bad).toBeNaN();
    }
  });

  it('a form refuses what is not a number, with a message, and keeps what is', async () => {
    const w = await official();
    for (const households of ['0x10', '1e3', 'Infinity', '1,20']) {
      const res = await w.postForm({ name: '丙村', households });
      expect(statusOf(res)).toBe(400);
      expect(errorsOf(res)).toEqual({ households: ['v.number'] });
    }
    expect(await VillageModel.countDocuments({ name: '丙村' })).toBe(0);
    expect(statusOf(await w.postForm({ name: '丙村', households: '１，２００' }))).toBe(302);
    expect(await VillageModel.findOne({ name: '丙村' }).lean()).toMatchObject({ households: 1200 });
  });

  it('refuses control characters and direction overrides; trims names and refuses blank ones', async () => {
    expect(isCleanText('青龙村')).toBe(true);
    expect(isCleanText('第一行\n第二行', true)).toBe(true);
    expect(isCleanText('第一行\n第二行')).toBe(false);
    for (const bad of ['a\u202Eb', 'a\u0000b', 'a\u0007', 'a\u2066b', 'a\uFEFF', 'a\uD800b', 'a\u200Fb']) {
      expect(isCleanText(bad, true), JSON.stringify(bad)).toBe(false);
    }
    const w = await official();
    const rlo = await w.postForm({ name: '丁村\u202Egpj.exe', households: '3' });
    expect(errorsOf(rlo)).toEqual({ name: ['v.controlChars'] });
    const blank = await w.postForm({ name: '   ', households: '3' });
    expect(errorsOf(blank)).toEqual({ name: ['v.required'] });
    expect(statusOf(await w.postForm({ name: '  戊村  ', households: '3' }))).toBe(302);
    expect(await VillageModel.countDocuments({ name: '戊村' })).toBe(1);
    expect(await VillageModel.countDocuments({ name: /丁村/ })).toBe(0);
  });
});
