// GET /api/v1/deliveries?status=pending&page=1 — the deliveries an enterprise buys (its
// pending ones to confirm, by default), newest first, 50 a page.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { listDeliveries } from '#models/trade';
import { DELIVERY_STATUSES, type DeliveryStatus } from '~/domain/delivery';
import { apiError, apiScope, requireApiCaller } from '~/utils/api.server';
import { deliveryJson } from '~/utils/api-deliveries.server';
import { contractNames } from '~/utils/contracts.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await requireApiCaller(request);
  const scope = apiScope(caller, 'read', 'delivery');
  const url = new URL(request.url);
  const status = url.searchParams.get('status') ?? 'pending';
  if (!(DELIVERY_STATUSES as readonly string[]).includes(status) || status === 'submitting') {
    return apiError(
      400,
      'bad_request',
      `status is one of ${DELIVERY_STATUSES.filter((s) => s !== 'submitting').join(', ')}`,
    );
  }
  const pageRaw = url.searchParams.get('page') ?? '1';
  const page = /^[1-9]\d{0,5}$/.test(pageRaw) ? Number(pageRaw) : null;
  if (page === null) return apiError(400, 'bad_request', 'page is a whole number from 1');
  // the buyer's side: what this organization buys (the index answers it in order)
  const { deliveries: list, hasMore } = await listDeliveries(scope, {
    side: 'buyer',
    status: status as DeliveryStatus,
    page,
    whole: true,
  });
  const names = await contractNames(list);
  return Response.json(
    { data: list.map((d) => deliveryJson(d, names)), page, hasMore },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export function action() {
  return apiError(405, 'bad_request', 'Use GET');
}
