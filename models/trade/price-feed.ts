// The market-price feed: an HTTP endpoint (PRICE_FEED_URL) answering JSON in FeedSchema's
// shape. Fetched when an official asks; a slow, failing or garbled feed gets a message and
// changes nothing.
import type { Types } from 'mongoose';
import { z } from 'zod';
import type { Actor } from '../kernel/audit';
import { defineCommand, ok, refuse } from '../kernel/command';
import { ProductModel } from '../town/product';
import { yuanToFen } from '~/domain/herd';
import { todayInShanghai } from '~/domain/time';
import { FeedSchema, type FeedPrices } from '~/schemas/price';
import { setPrice } from './price';

const MAX_BYTES = 1024 * 1024;

export async function fetchFeed(
  url: string,
  { timeoutMs = 5000 } = {},
): Promise<{ ok: true; prices: FeedPrices } | { ok: false; error: string }> {
  let res: Response;
  try {
    res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { Accept: 'application/json' },
    });
  } catch (error) {
    const name = (error as Error).name;
    return {
      ok: false,
      error:
        name === 'TimeoutError' || name === 'AbortError' ? 'prices.feedTimeout' : 'prices.feedUnreachable',
    };
  }
  if (!res.ok)
    return { ok: false, error: `prices.feedStatus|${JSON.stringify({ status: String(res.status) })}` };
  const text = await res.text().catch(() => null);
  if (text === null || text.length > MAX_BYTES) return { ok: false, error: 'prices.feedBad' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'prices.feedBad' };
  }
  const parsed = FeedSchema.safeParse(json);
  return parsed.success ? { ok: true, prices: parsed.data.prices } : { ok: false, error: 'prices.feedBad' };
}

/** Fetches the feed and sets the town's prices from it; products it names that the catalog lacks are reported. */
export async function importFeedPrices(townId: Types.ObjectId, url: string, actor: Actor) {
  const feed = await fetchFeed(url);
  if (!feed.ok) return feed;
  const products = await ProductModel.find({ townId, archivedAt: null }).select('code').lean();
  const byCode = new Map(products.map((p) => [p.code, p._id]));
  const today = todayInShanghai();
  const unknown = new Set<string>();
  let written = 0;
  for (const p of feed.prices) {
    const productId = byCode.get(p.product.toUpperCase());
    if (!productId) {
      unknown.add(p.product);
      continue;
    }
    if (p.date > today) continue; // a price of a day to come is not a price yet
    await setPrice(
      townId,
      { productId, day: p.date, fen: yuanToFen(p.yuan), source: 'feed', note: '' },
      actor,
    );
    written += 1;
  }
  return { ok: true as const, written, unknown: [...unknown] };
}

/** An official fetches the day's prices from the feed (its address is the deployment's, PRICE_FEED_URL). */
export const fetchFeedPricesCommand = defineCommand({
  name: 'price/fetch-feed',
  permission: ['write', 'price'],
  input: z.object({ url: z.string().url() }),
  async run({ url }, { scope, actor }) {
    const result = await importFeedPrices(scope.townId!, url, actor);
    return result.ok ? ok(result) : refuse('conflict', result.error);
  },
});
