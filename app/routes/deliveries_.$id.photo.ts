// GET /deliveries/:id/photo — the weigh ticket's photo, to the delivery's two parties and the
// town's officials only. Served as the image type its bytes showed, never anything else.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { DeliveryModel, DeliveryPhotoModel, deliveryFilter } from '#models/trade/delivery';
import { requireUser } from '~/utils/auth.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'delivery');
  const delivery = await DeliveryModel.findOne({ _id: idParam(params), ...deliveryFilter(scope) })
    .select('photoId')
    .lean();
  if (!delivery?.photoId) notFound();
  const photo = await DeliveryPhotoModel.findById(delivery.photoId).lean();
  if (!photo) notFound();
  // lean documents hold binary data as BSON Binary (its bytes under `buffer`)
  const raw = photo.data as unknown as Buffer | { buffer: Uint8Array };
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer);
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': photo.contentType,
      'Content-Length': String(photo.size),
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
