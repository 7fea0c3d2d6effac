// GET /intake/:id/photo — the printed weigh ticket's photo, to those who may read the ticket.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { ticketPhoto } from '#models/plant';
import { requireUser } from '~/utils/auth.server';
import { notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'intake');
  const photo = await ticketPhoto(scope, idParam(params));
  if (!photo) notFound();
  return new Response(photo.bytes, {
    headers: {
      'Content-Type': photo.contentType,
      'Content-Length': String(photo.bytes.byteLength),
      'Cache-Control': 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
