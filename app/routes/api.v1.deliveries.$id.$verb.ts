// POST /api/v1/deliveries/:id/confirm | dispute | adjust — an enterprise system acts on a
// delivery it buys. Each honours an Idempotency-Key: the same key and body answer as the first
// time and change nothing more; the same key with another body is a 409.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { toObjectId } from '#models/kernel/common';
import { adjustDelivery, confirmDelivery, disputeDelivery } from '#models/trade/delivery';
import type { FieldErrors, Outcome } from '#models/kernel/operation';
import { WriteRefused } from '#models/kernel/write';
import { AdjustSchema, DisputeSchema } from '~/schemas/delivery';
import {
  apiError,
  apiScope,
  englishOf,
  readJson,
  requireApiCaller,
  validationError,
} from '~/utils/api.server';

const CONFLICTS = new Set(['delivery.notPending', 'delivery.alreadyConfirmed', 'v.concurrentChange']);

function answer<T>(outcome: Outcome<T> | null, ok: (value: T) => Record<string, unknown>) {
  if (!outcome) return apiError(404, 'not_found', 'No such delivery for this organization');
  if (outcome.ok)
    return Response.json({ data: ok(outcome.value) }, { headers: { 'Cache-Control': 'no-store' } });
  return refused(outcome.errors, outcome.conflict);
}

function refused(errors: FieldErrors, conflict?: boolean) {
  if (conflict) {
    return apiError(409, 'idempotency_conflict', 'This Idempotency-Key was used with another request');
  }
  const general = errors['']?.[0];
  if (general && CONFLICTS.has(general.split('|')[0]!)) return apiError(409, 'conflict', englishOf(general));
  return validationError(errors);
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') return apiError(405, 'bad_request', 'Use POST');
  const caller = await requireApiCaller(request);
  const verb = params.verb;
  if (verb !== 'confirm' && verb !== 'dispute' && verb !== 'adjust') {
    return apiError(404, 'not_found', 'The actions are confirm, dispute and adjust');
  }
  const scope = apiScope(caller, verb === 'confirm' ? 'confirm' : verb, 'delivery');
  const id = toObjectId(params.id);
  if (!id) return apiError(404, 'not_found', 'No such delivery for this organization');
  try {
    if (verb === 'confirm') {
      await readJson(request, z.object({}).strict());
      const outcome = await confirmDelivery(scope, id, caller.actor);
      return answer(outcome, (v) => ({ id: String(id), status: 'confirmed', receipt: { number: v.number } }));
    }
    if (verb === 'dispute') {
      const body = await readJson(request, DisputeSchema.strict());
      const outcome = await disputeDelivery(scope, id, body.reason, caller.actor);
      return answer(outcome, () => ({ id: String(id), status: 'disputed' }));
    }
    const body = await readJson(request, AdjustSchema.strict());
    const outcome = await adjustDelivery(scope, id, body, caller.actor);
    return answer(outcome, () => ({ id: String(id), status: 'adjusted' }));
  } catch (error) {
    if (error instanceof WriteRefused)
      return refused(error.errors, error.errors['']?.[0] === 'v.alreadySubmitted');
    throw error;
  }
}

export function loader(_: LoaderFunctionArgs) {
  return apiError(405, 'bad_request', 'Use POST');
}
