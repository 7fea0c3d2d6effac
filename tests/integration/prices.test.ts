// Reference market prices (issue 9): entered by officials, fetched from a price feed (msw plays
// the feed: a good answer, garbage, an error, silence), the price in force on a day.
import { http, HttpResponse, delay } from 'msw';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { AuditEventModel, SYSTEM_ACTOR } from '#models/kernel/audit';
import { MarketPriceModel, priceOn, setPrice } from '#models/trade/price';
import * as prices from '~/routes/prices';
import { fetchFeed, importFeedPrices } from '#models/trade';
import { makeKudzu, makeTownWithRoles } from '#tests/factories';
import { server } from '#tests/mocks/server';
import { args, expectThrownStatus, payloadOf, requestAs, statusOf } from '#tests/utils';

const FEED = 'http://prices.feed.test/today.json';

describe('market prices', () => {
  it('an official enters a product’s price for a day, and a second entry of that day changes it, audited', async () => {
    const w = await makeTownWithRoles();
    const kudzu = await makeKudzu(w.town._id);
    const post = async (form: Record<string, string>) =>
      prices.action(args(await requestAs(w.users.official, '/prices', { form })));
    expect(statusOf(await post({ productId: String(kudzu._id), day: '2026-10-01', yuan: '1.72' }))).toBe(302);
    expect(
      statusOf(
        await post({ productId: String(kudzu._id), day: '2026-10-01', yuan: '1.75', note: '县农业局' }),
      ),
    ).toBe(302);
    const stored = await MarketPriceModel.find({ productId: kudzu._id }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ day: '2026-10-01', fen: 175, source: 'manual', note: '县农业局' });
    expect(await AuditEventModel.countDocuments({ recordId: stored[0]._id })).toBe(2);

    // bad input: a day to come, no price, another town's product
    const other = await makeTownWithRoles();
    const otherKudzu = await makeKudzu(other.town._id);
    const errorsOf = async (form: Record<string, string>) =>
      payloadOf<{ result: { error: Record<string, string[]> } }>(await post(form)).result.error;
    expect(await errorsOf({ productId: String(kudzu._id), day: '2099-01-01', yuan: '1' })).toMatchObject({
      day: ['v.futureDate'],
    });
    expect(await errorsOf({ productId: String(kudzu._id), day: '2026-10-02', yuan: '0' })).toMatchObject({
      yuan: ['v.positive'],
    });
    expect(await errorsOf({ productId: String(otherKudzu._id), day: '2026-10-02', yuan: '1' })).toMatchObject(
      {
        productId: ['contract.productChoice'],
      },
    );
    expect(await MarketPriceModel.countDocuments()).toBe(1);
  });

  it('the town reads prices; only officials set them', async () => {
    const w = await makeTownWithRoles();
    const kudzu = await makeKudzu(w.town._id);
    await setPrice(
      w.town._id,
      { productId: kudzu._id, day: '2026-10-01', fen: 172, source: 'manual', note: '' },
      SYSTEM_ACTOR,
    );
    for (const user of [w.users.cooperative, w.users.enterprise, w.users.base]) {
      const page = payloadOf<{ prices: unknown[]; canWrite: boolean }>(
        await prices.loader(args(await requestAs(user, '/prices'))),
      );
      expect(page.prices).toHaveLength(1);
      expect(page.canWrite).toBe(false);
      await expectThrownStatus(
        prices.action(
          args(
            await requestAs(user, '/prices', {
              form: { productId: String(kudzu._id), day: '2026-10-02', yuan: '9' },
            }),
          ),
        ),
        403,
      );
    }
    await expectThrownStatus(prices.loader(args(await requestAs(w.users.plant, '/prices'))), 403);
    expect(await MarketPriceModel.countDocuments()).toBe(1);
  });

  it('the price in force on a day is that day’s or the latest before it', async () => {
    const w = await makeTownWithRoles();
    const kudzu = await makeKudzu(w.town._id);
    for (const [day, fen] of [
      ['2026-10-01', 170],
      ['2026-10-05', 180],
    ] as const)
      await setPrice(
        w.town._id,
        { productId: kudzu._id, day, fen, source: 'manual', note: '' },
        SYSTEM_ACTOR,
      );
    expect((await priceOn(w.town._id, kudzu._id, '2026-10-04'))?.fen).toBe(170);
    expect((await priceOn(w.town._id, kudzu._id, '2026-10-05'))?.fen).toBe(180);
    expect(await priceOn(w.town._id, kudzu._id, '2026-09-30')).toBeNull();
    expect(await priceOn(w.town._id, new Types.ObjectId(), '2026-10-05')).toBeNull();
  });

  it('takes the feed’s prices for the catalog’s products, and reports the others', async () => {
    const w = await makeTownWithRoles();
    const kudzu = await makeKudzu(w.town._id);
    server.use(
      http.get(FEED, () =>
        HttpResponse.json({
          prices: [
            { product: kudzu.code, date: '2026-10-01', yuan: 1.68 },
            { product: 'NOPE', date: '2026-10-01', yuan: 3 },
            { product: kudzu.code, date: '2099-01-01', yuan: 9 }, // not a price yet
          ],
        }),
      ),
    );
    const result = await importFeedPrices(w.town._id, FEED, SYSTEM_ACTOR);
    expect(result).toEqual({ ok: true, written: 1, unknown: ['NOPE'] });
    expect(await MarketPriceModel.find().lean()).toMatchObject([
      { day: '2026-10-01', fen: 168, source: 'feed' },
    ]);
  });

  it('a garbled, failing or silent feed gets a message and writes nothing', async () => {
    const w = await makeTownWithRoles();
    await makeKudzu(w.town._id);
    const answers = [
      [
        () => new HttpResponse('<html>oops</html>', { headers: { 'Content-Type': 'text/html' } }),
        'prices.feedBad',
      ],
      [
        () => HttpResponse.json({ prices: [{ product: 'GG', date: 'yesterday', yuan: -1 }] }),
        'prices.feedBad',
      ],
      [() => HttpResponse.json({ error: 'down' }, { status: 503 }), 'prices.feedStatus|{"status":"503"}'],
      [() => HttpResponse.error(), 'prices.feedUnreachable'],
    ] as const;
    for (const [answer, error] of answers) {
      server.use(http.get(FEED, answer));
      expect(await importFeedPrices(w.town._id, FEED, SYSTEM_ACTOR)).toEqual({ ok: false, error });
    }
    server.use(
      http.get(FEED, async () => {
        await delay(2000);
        return HttpResponse.json({ prices: [] });
      }),
    );
    expect(await fetchFeed(FEED, { timeoutMs: 200 })).toEqual({ ok: false, error: 'prices.feedTimeout' });
    expect(await MarketPriceModel.countDocuments()).toBe(0);
  });
});
