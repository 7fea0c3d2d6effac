import type { LoaderFunctionArgs } from '@remix-run/node';
import { getLotByCode, lotQrPng, lotTraceUrl } from '#models/lots';
import { requireUser } from '~/utils/auth.server';
import { resourceLoader } from '~/utils/resource.server';
import { publicOrigin } from '~/utils/lots.server';
import { notFound, requirePermission } from '~/utils/permissions.server';

/** The lot's QR code as a PNG, for printing labels. */
export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'lot');
  const lot = await getLotByCode(scope, String(params.code ?? ''));
  if (!lot) notFound();
  const png = await lotQrPng(lotTraceUrl(publicOrigin(), lot.code));
  return new Response(new Uint8Array(png), {
    headers: {
      'Content-Type': 'image/png',
      'Content-Disposition': `inline; filename="${lot.code}.png"`,
      'Cache-Control': 'private, max-age=3600',
    },
  });
});
