// React 18.3's streaming renderer, when a multi-byte character does not fit in what is left of
// its 2 KB buffer, sends the whole buffer, unfilled tail included: NUL bytes before Chinese text
// at 2 KB boundaries (facebook/react#24985, #31134). The tail is always a fresh buffer's zeros
// and nothing else is lost, and no byte of UTF-8 text is 0 except U+0000 itself (which a browser
// never shows), so dropping every 0 byte gives back exactly the page React meant. Streaming
// stays: single fetch streams the data a page hydrates with after its HTML.
import { Transform } from 'node:stream';

export function withoutNul(chunk: Uint8Array): Uint8Array {
  if (chunk.indexOf(0) === -1) return chunk;
  return chunk.filter((byte) => byte !== 0);
}

/** A pass-through for the rendered page that drops the NUL bytes React's buffer left in it. */
export const nulFreeStream = () =>
  new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, withoutNul(chunk));
    },
  });
