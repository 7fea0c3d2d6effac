// POST /api/v1/deliveries/:id/confirm | dispute | adjust — an enterprise system acts on a
// delivery it buys. Each honours an Idempotency-Key: the same key and body answer as the first
// time and change nothing more; the same key with another body is a 409.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { adjustDeliveryCommand, confirmDeliveryCommand, disputeDeliveryCommand } from '#models/trade';
import { AdjustSchema, DisputeSchema } from '~/schemas/delivery';
import { apiError, readJson, requireApiCaller } from '~/utils/api.server';
import { apiAnswer, apiCallerOf, execute } from '~/utils/commands.server';

const ID = /^[0-9a-f]{24}$/i;

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return apiError(405, 'bad_request', 'Use POST');
  const caller = apiCallerOf(await requireApiCaller(request));
  const verb = params.verb;
  if (verb !== 'confirm' && verb !== 'dispute' && verb !== 'adjust') {
    return apiError(404, 'not_found', 'The actions are confirm, dispute and adjust');
  }
  const id = String(params.id);
  if (!ID.test(id)) return apiError(404, 'not_found', 'No such delivery for this organization');
  if (verb === 'confirm') {
    await readJson(request, z.object({}).strict());
    const outcome = await execute(confirmDeliveryCommand, caller, { id });
    return apiAnswer(
      outcome,
      (v) => ({ id, status: 'confirmed', receipt: { number: v.number } }),
      'delivery',
    );
  }
  if (verb === 'dispute') {
    const body = await readJson(request, DisputeSchema.strict());
    const outcome = await execute(disputeDeliveryCommand, caller, { ...body, id });
    return apiAnswer(outcome, () => ({ id, status: 'disputed' }), 'delivery');
  }
  const body = await readJson(request, AdjustSchema.strict());
  const outcome = await execute(adjustDeliveryCommand, caller, { ...body, id });
  return apiAnswer(outcome, () => ({ id, status: 'adjusted' }), 'delivery');
}

export function loader(_: LoaderFunctionArgs) {
  return apiError(405, 'bad_request', 'Use POST');
}
