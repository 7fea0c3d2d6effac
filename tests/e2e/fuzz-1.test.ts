// The fuzz (tests/e2e/lib/fuzz.ts), shard 1 of 2: every other form, on an app of its own.
import { fuzz } from './lib/fuzz';

fuzz(0, 2);
