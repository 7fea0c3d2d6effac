// How form text becomes typed values, for the browser and the server alike (conform's
// coercion with our number rule). Numbers are written the way people write them here: plain
// decimals (12.5), optionally with thousands separators in the right places (12,500) and in
// full-width digits from a Chinese keyboard (１２．５), which mean the same number. Anything
// else — hexadecimal (0x10), exponents (1e3), "Infinity", "1,5" — is not a number, and the
// field says so; it is never silently read as some other value.
import { configureCoercion } from '@conform-to/zod/v4/future';

const FULL_WIDTH: Record<string, string> = {
  '．': '.',
  '，': ',',
  '－': '-',
  '＋': '+',
  '。': '.',
};

export function parseDecimal(text: string): number {
  let s = text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  s = s.replace(/[．，－＋。]/g, (c) => FULL_WIDTH[c]);
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return Number.NaN;
  return Number(s);
}

export const { coerceFormValue } = configureCoercion({
  stripEmptyString: (value) => (value.trim() === '' ? undefined : value),
  type: { number: parseDecimal },
});
