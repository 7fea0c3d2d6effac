// A reference price as an official enters it (元 per kg or per head), and a price feed's answer.
import { z } from 'zod';
import { notesText, objectId, positiveDecimal } from './common';
import { pastDate } from './planting';

export const PriceSchema = z.object({
  productId: objectId,
  day: pastDate,
  yuan: positiveDecimal(1_000_000),
  note: notesText(200),
});

/**
 * What the configured price feed answers (JSON): the price of a product, by its catalog code,
 * on a day, in 元 per the product's unit. Anything else is refused whole.
 */
export const FeedSchema = z.object({
  prices: z
    .array(
      z.object({
        product: z.string().trim().min(1).max(20),
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        yuan: z.number().positive().max(1_000_000),
      }),
    )
    .max(5000),
});
export type FeedPrices = z.infer<typeof FeedSchema>['prices'];
