// POST /api/v1/intake — the plant's weighbridge software posts a weigh ticket: its number, time,
// gross and tare, and the lots (their codes; "kg" for part of one) or the delivery's code.
// Honours an Idempotency-Key like the deliveries API: the same key and body answer as the first
// time and record nothing more; the same key with another body is a 409.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { arrivingDeliveryId, recordIntakeCommand } from '#models/plant';
import { IntakeApiSchema } from '~/schemas/intake';
import { apiError, apiScope, readJson, requireApiCaller } from '~/utils/api.server';
import { apiAnswer, apiCallerOf, execute } from '~/utils/commands.server';

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return apiError(405, 'bad_request', 'Use POST');
  const token = await requireApiCaller(request);
  const scope = apiScope(token, 'write', 'intake');
  const body = await readJson(request, IntakeApiSchema);
  let deliveryId: string | undefined;
  if (body.deliveryCode) {
    deliveryId = (await arrivingDeliveryId(scope, body.deliveryCode)) ?? undefined;
    if (!deliveryId) return apiError(404, 'not_found', 'No delivery with this code is sent to this plant');
  }
  const lots = [...(body.lotCodes ?? []).map((code) => ({ code })), ...(body.lots ?? [])];
  if (!deliveryId && lots.length === 0)
    return apiError(422, 'validation_failed', 'Name the lots (lotCodes or lots) or the deliveryCode', {
      lotCodes: ['Name the lots or the delivery'],
    });
  const outcome = await execute(recordIntakeCommand, apiCallerOf(token), {
    number: body.ticketNumber,
    weighedAt: new Date(body.weighedAt),
    deliveryId,
    lots: lots.map((l) => ({ ...l, code: l.code.trim().toUpperCase() })),
    grossKg: body.grossKg,
    tareKg: body.tareKg,
    moisturePct: body.moisturePct ?? 0,
    impurityPct: body.impurityPct ?? 0,
    grade: body.grade ?? 'grade1',
    feeFenPerKg: body.feeFenPerKg,
    notes: body.notes,
    source: 'api',
  });
  return apiAnswer(
    outcome,
    (v) => ({ id: String(v.id), ticketNumber: v.number, intakeLotCode: v.lotCode }),
    'intake',
  );
}

export function loader(_: LoaderFunctionArgs) {
  return apiError(405, 'bad_request', 'Use POST');
}
