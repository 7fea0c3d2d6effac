// The fuzz (tests/e2e/lib/fuzz.ts), shard 2 of 2: every other form, on an app of its own.
import { fuzz } from './lib/fuzz';

fuzz(1, 2);
