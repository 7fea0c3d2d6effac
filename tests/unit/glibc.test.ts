import { describe, expect, it } from 'vitest';
import { glibcIsNewEnough } from '../../scripts/lib/glibc.mjs';

describe('glibc check', () => {
  it('needs 2.38 or newer for the embedded engine', () => {
    expect(glibcIsNewEnough([2, 36])).toBe(false);
    expect(glibcIsNewEnough([2, 38])).toBe(true);
    expect(glibcIsNewEnough([2, 41])).toBe(true);
    expect(glibcIsNewEnough([3, 0])).toBe(true);
    expect(glibcIsNewEnough(null)).toBe(false);
  });
});
