// GET /api/v1/deliveries?status=pending&page=1 — the deliveries an enterprise buys (its
// pending ones to confirm, by default), newest first, 50 a page.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { DELIVERY_PAGE_SIZE, DeliveryModel, deliveryFilter, type Delivery } from '#models/trade/delivery';
import type { Types } from 'mongoose';
import { toPlain } from '#models/kernel/common';
import { DELIVERY_STATUSES } from '~/domain/delivery';
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
  const { $or: _sides, ...inScope } = deliveryFilter(scope);
  const filter = { ...inScope, buyerOrgId: caller.orgId, status } as Record<string, unknown>;
  const docs = await DeliveryModel.find(filter)
    .sort({ _id: -1 })
    .skip((page - 1) * DELIVERY_PAGE_SIZE)
    .limit(DELIVERY_PAGE_SIZE + 1)
    .lean();
  const list = docs.slice(0, DELIVERY_PAGE_SIZE).map((d) => toPlain(d as Delivery & { _id: Types.ObjectId }));
  const names = await contractNames(list);
  return Response.json(
    { data: list.map((d) => deliveryJson(d, names)), page, hasMore: docs.length > DELIVERY_PAGE_SIZE },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export function action() {
  return apiError(405, 'bad_request', 'Use GET');
}
