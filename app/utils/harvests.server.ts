import { Types } from 'mongoose';
import { getHarvestOfLot, recordHarvestCommand } from '#models/field';
import { ProductModel } from '#models/town/product';
import { HarvestFormSchema } from '~/schemas/planting';
import type { SessionUser } from './auth.server';
import { callerOf, submitCommand } from './commands.server';
import { redirectWithFlash } from './flash.server';
import { invalid, parseSubmission } from './forms.server';
import { requirePermission } from './permissions.server';

/**
 * What the clerk is told once a harvest is saved: its lot, and, when the yield is implausible,
 * that it was flagged for the town to check and why (the numbers, not just "flagged").
 */
export async function harvestSavedMessage(
  harvest: { flag: string | null; yieldKgPerMu: number; productId: string } | null,
  lotCode: string,
) {
  if (!harvest?.flag) return `harvest.saved|${JSON.stringify({ code: lotCode })}`;
  const product = await ProductModel.findById(new Types.ObjectId(harvest.productId))
    .select('yieldKgPerMu')
    .lean();
  return `harvest.savedFlagged_${harvest.flag}|${JSON.stringify({
    code: lotCode,
    yield: Math.round(harvest.yieldKgPerMu),
    min: product?.yieldKgPerMu.min ?? 0,
    max: product?.yieldKgPerMu.max ?? 0,
  })}`;
}

/** Records a posted harvest of a planting and sends the clerk to its lot, told how it went. */
export async function recordHarvestFromForm(user: SessionUser, plantingId: Types.ObjectId, form: FormData) {
  const scope = requirePermission(user, ...recordHarvestCommand.permission);
  const submission = parseSubmission(form, HarvestFormSchema);
  if (submission.status !== 'success') return invalid(submission);
  const saved = await submitCommand(recordHarvestCommand, callerOf(user, form), submission, {
    plantingId: String(plantingId),
  });
  if (!saved.ok) return saved.response;
  const { lotCode } = saved.value;
  const harvest = await getHarvestOfLot(scope, lotCode);
  return redirectWithFlash(`/lots/${lotCode}`, await harvestSavedMessage(harvest, lotCode));
}
