export interface BenchCase<Ctx = unknown> {
  name: string;
  size: string; // what the data set is, for the report
  runs?: number; // default 15 (plus 2 warm-up runs)
  budget?: number; // the ratio this case must stay under; the script fails above it
  setup(): Promise<Ctx>;
  app(ctx: Ctx, run: number): Promise<unknown>; // the app's own code path
  raw(ctx: Ctx, run: number): Promise<unknown>; // the same work on the raw driver
  teardown?(ctx: Ctx): Promise<void>;
}
