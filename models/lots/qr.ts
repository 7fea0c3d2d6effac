// A lot's QR code: its public trace address, as SVG for pages and labels, PNG to download.
import QRCode from 'qrcode';

/** The public trace address of a lot. */
export function lotTraceUrl(origin: string, code: string) {
  return `${origin.replace(/\/$/, '')}/t/${encodeURIComponent(code)}`;
}

export function lotQrSvg(url: string) {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export function lotQrPng(url: string) {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 });
}
