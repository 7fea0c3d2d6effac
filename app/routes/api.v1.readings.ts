// POST /api/v1/readings — a device (a logger on a truck, a cold store's probe) posts one reading
// or a batch of up to 1,000 with `Authorization: Bearer <device token>`:
//   {"shipment":"LFT-XXS-20261108-003","readings":[{"at":"2026-11-08T07:30:00+08:00","tempC":13.2,"humidity":88}]}
//   {"store":"LFT-LK-01","at":"…","tempC":2.1}
// The same reading (device, time) sent again is stored once: the answer says how many were new,
// `{"received":1000,"new":0}` on a replay. One bad reading refuses the batch, naming it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { recordDeviceReadingsCommand } from '#models/coldchain';
import { ApiReading, MAX_API_BATCH, ReadingsApiSchema } from '~/schemas/coldchain';
import { apiError, apiScope, readJson, requireApiCaller, validationError } from '~/utils/api.server';
import { apiCallerOf, apiRefusal, execute } from '~/utils/commands.server';

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return apiError(405, 'bad_request', 'Use POST');
  const token = await requireApiCaller(request);
  apiScope(token, 'write', 'reading');
  const body = await readJson(request, ReadingsApiSchema);
  const raw = body.readings ?? [{ at: body.at, tempC: body.tempC, humidity: body.humidity }];
  if (raw.length === 0) return validationError({ readings: ['reading.none'] });
  if (raw.length > MAX_API_BATCH)
    return apiError(413, 'payload_too_large', `At most ${MAX_API_BATCH} readings in one batch`);
  const errors: Record<string, string[]> = {};
  const readings = [];
  for (const [i, item] of raw.entries()) {
    const parsed = ApiReading.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        (errors[['readings', i, ...issue.path].join('.')] ??= []).push(issue.message);
      continue;
    }
    readings.push({ at: parsed.data.at, tempC: parsed.data.tempC, humidity: parsed.data.humidity ?? null });
  }
  if (Object.keys(errors).length) return validationError(errors);
  const outcome = await execute(recordDeviceReadingsCommand, apiCallerOf(token), {
    kind: body.shipment ? 'shipment' : 'store',
    code: (body.shipment ?? body.store)!.toUpperCase(),
    tokenId: token.tokenId,
    readings,
  });
  if (!outcome.ok) return apiRefusal(outcome, body.shipment ? 'shipment' : 'store');
  return Response.json(outcome.value, { headers: { 'Cache-Control': 'no-store' } });
}

export function loader(_: LoaderFunctionArgs) {
  return apiError(405, 'bad_request', 'Use POST');
}
