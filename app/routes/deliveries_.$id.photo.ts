// GET /deliveries/:id/photo — the weigh ticket's photo, to the delivery's two parties and the
// town's officials only. Served as the image type its bytes showed, never anything else.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { deliveryPhoto } from '#models/trade';
import { requireUser } from '~/utils/auth.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'delivery');
  const photo = await deliveryPhoto(scope, idParam(params));
  if (!photo) notFound();
  return new Response(photo.bytes, {
    headers: {
      'Content-Type': photo.contentType,
      'Content-Length': String(photo.size),
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
