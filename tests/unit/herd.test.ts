// Ear tags as typed and as read: ranges expand, runs fold back.
import { describe, expect, it } from 'vitest';
import { compactEarTags, EAR_TAG_RANGE_MAX, parseEarTags } from '~/domain/herd';

const tag = (serial: number) => `1430822${String(serial).padStart(8, '0')}`;

describe('ear tag lists', () => {
  it('expand "first-last" and "first+count" ranges, beside single tags', () => {
    expect(parseEarTags(`${tag(9)}\n${tag(1)} 至 ${tag(3)}，${tag(20)}+2`)).toEqual([
      tag(9),
      tag(1),
      tag(2),
      tag(3),
      tag(20),
      tag(21),
    ]);
    // the serial carries over 9,999 → 10,000 without touching the county
    expect(parseEarTags(`${tag(9_999)}+2`)).toEqual([tag(9_999), tag(10_000)]);
  });
  it('leave an impossible range as typed (backwards, another county, too long, past the last serial)', () => {
    for (const bad of [
      `${tag(5)}-${tag(3)}`,
      `${tag(1)}-2430822${'00000003'}`,
      `${tag(1)}+${EAR_TAG_RANGE_MAX + 1}`,
      `${tag(99_999_999)}+2`,
    ]) {
      expect(parseEarTags(bad)).toEqual([bad.replace(/\s/g, '')]);
    }
  });
  it('fold runs of three or more back into one run when read', () => {
    expect(compactEarTags([tag(3), tag(1), tag(2), tag(7), tag(8)])).toEqual([
      { first: tag(1), last: tag(3), count: 3 },
      tag(7),
      tag(8),
    ]);
  });
});
