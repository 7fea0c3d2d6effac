import { z } from 'zod';

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z.coerce.number().int().min(1).max(65535).default(3000),
    ),
    MONGODB_URI: z
      .string({ error: 'MONGODB_URI is not set; start the app with `npm start`, which provides one' })
      .regex(/^mongodb(\+srv)?:\/\//, 'MONGODB_URI must start with mongodb:// or mongodb+srv://'),
    SESSION_SECRET: z
      .string({ error: 'SESSION_SECRET is not set; set it to a random string of at least 16 characters' })
      .min(16, 'SESSION_SECRET must be at least 16 characters'),
    DATA_DIR: z.string().default('./data'),
    // the market-price feed officials may fetch reference prices from (JSON; optional)
    PRICE_FEED_URL: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined)
      .refine(
        (v) => v === undefined || /^https?:\/\/[^/\s]+/.test(v),
        'PRICE_FEED_URL must be an http:// or https:// address',
      ),
    // the address people's phones open: QR codes, printed labels and every link that leaves the app
    PUBLIC_URL: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined)
      .refine(
        (v) => v === undefined || /^https?:\/\/[^/\s]+/.test(v),
        'PUBLIC_URL must be an http:// or https:// address',
      )
      .transform((v) => v?.replace(/\/+$/, '')),
  })
  .transform((env, ctx) => {
    if (env.PUBLIC_URL) return { ...env, PUBLIC_URL: env.PUBLIC_URL };
    if (env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message:
          'PUBLIC_URL is not set: it is the address phones use to open QR codes, labels and links ' +
          "(e.g. https://xianglian.example.cn); this machine's own address would not work for them",
      });
      return z.NEVER;
    }
    return { ...env, PUBLIC_URL: `http://localhost:${env.PORT}` };
  });

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Parsed environment; throws a readable error naming every bad variable. */
export function getEnv(): Env {
  if (cached) return cached;
  const result = EnvSchema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${lines}`);
  }
  cached = result.data;
  return cached;
}
