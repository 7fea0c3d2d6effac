// The delivery page's server side: what the page shows of one delivery and what each side may
// do now, and the commands its buttons and forms run.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import {
  contractCode,
  acceptAdjustmentCommand,
  acceptCorrectionCommand,
  adjustDeliveryCommand,
  confirmDeliveryCommand,
  disputeDeliveryCommand,
  explainPrice,
  getDelivery,
  owedOn,
  payDeliveryCommand,
  previewAdjustment,
  proposeCorrectionCommand,
  refuseCorrectionCommand,
} from '#models/trade';
import { visibleLotIds } from '#models/lots';
import { adjustAsWeighedCommand, previewAsWeighed, ticketOfDelivery } from '#models/plant';
import { shipmentsOfDelivery } from '#models/coldchain';
import { toObjectId } from '#models/kernel';
import { daysBetween, payState } from '~/domain/delivery';
import {
  AdjustPreviewSchema,
  AdjustSchema,
  CorrectionSchema,
  DisputeSchema,
  PaymentSchema,
} from '~/schemas/delivery';
import { requireUser } from '~/utils/auth.server';
import { buttonRefusal, callerOf, execute, formRefusal, type Command } from '~/utils/commands.server';
import { contractNames } from '~/utils/contracts.server';
import { todayInShanghai } from '~/utils/dates';
import { redirectWithFlash } from '~/utils/flash.server';
import { intentOf, invalid, parseSubmission, readForm } from '~/utils/forms.server';
import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'delivery');
  const found = await getDelivery(scope, idParam(params));
  if (!found) notFound();
  const { delivery: d, entries } = found;
  const [names, contract, openable, submittedSteps, adjustedSteps] = await Promise.all([
    contractNames([d]),
    d.contractId ? contractCode(d.contractId) : null,
    // a buyer sees the lots of a delivery it has not received, but may not open them: the
    // seller still holds them (a link that answers 404 is no link)
    can(user, 'read', 'lot')
      ? visibleLotIds(
          requirePermission(user, 'read', 'lot'),
          d.lines.map((l) => toObjectId(String(l.lotId))).filter((x): x is NonNullable<typeof x> => !!x),
        )
      : new Set<string>(),
    // how each set of figures follows from the contract, step by step
    explainPrice(d.contractId, d.submitted),
    d.adjustment ? explainPrice(d.contractId, d.adjustment) : null,
  ]);
  const org = String(user.orgId);
  const side = d.buyerOrgId === org ? 'buyer' : d.sellerOrgId === org ? 'seller' : null;
  // the plant's weigh ticket, when the goods went to the buyer's plant: both sides read it, and
  // the buyer of a pending delivery may confirm by it (its adjustment, worked out here)
  const id = idParam(params);
  const ticket =
    d.plantOrgId && can(user, 'read', 'intake')
      ? await ticketOfDelivery(requirePermission(user, 'read', 'intake'), id)
      : null;
  const asWeighed =
    ticket && side === 'buyer' && d.status === 'pending' && can(user, 'adjust', 'delivery')
      ? await previewAsWeighed(requirePermission(user, 'adjust', 'delivery'), id)
      : null;
  // the cold-chain record of the trucks that carried its lots, beside it for both sides
  const coldChain = can(user, 'read', 'shipment')
    ? await shipmentsOfDelivery(requirePermission(user, 'read', 'shipment'), id)
    : [];
  const owedFen = owedOn(d);
  return {
    coldChain,
    d,
    openableLots: [...openable],
    entries: entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      number: e.number,
      at: e.at,
      amountFen: e.amountFen ?? 0,
      paidOn: e.paidOn ?? null,
      method: e.method ?? null,
      reference: e.reference ?? '',
      seq: e.seq,
      hash: e.hash,
    })),
    contract: contract && { id: String(d.contractId), code: contract },
    steps: { submitted: submittedSteps, adjustment: adjustedSteps },
    ticket,
    asWeighed: asWeighed?.ok ? asWeighed.value : null,
    asWeighedRefused: asWeighed && !asWeighed.ok ? (Object.values(asWeighed.errors).flat()[0] ?? null) : null,
    buyer: names.orgs[d.buyerOrgId] ?? '—',
    seller: names.orgs[d.sellerOrgId] ?? '—',
    product: names.products[d.productId] ?? { zh: d.productName, en: d.productName },
    owedFen,
    payState: d.receipt ? payState(owedFen + d.paidFen, d.paidFen) : null,
    ageDays: d.receipt ? daysBetween(d.receipt.at, new Date()) : null,
    today: todayInShanghai(),
    can: {
      confirm: side === 'buyer' && d.status === 'pending' && can(user, 'confirm', 'delivery'),
      adjust: side === 'buyer' && d.status === 'pending' && can(user, 'adjust', 'delivery'),
      disputeAsBuyer: side === 'buyer' && d.status === 'pending' && can(user, 'dispute', 'delivery'),
      answer: side === 'seller' && d.status === 'adjusted' && can(user, 'accept', 'delivery'),
      pay: side === 'buyer' && d.status === 'confirmed' && owedFen > 0 && can(user, 'pay', 'delivery'),
      // a correction of the receipt: proposed by the buyer, answered by the seller
      correct:
        side === 'buyer' &&
        d.status === 'confirmed' &&
        d.correction?.status !== 'proposed' &&
        can(user, 'adjust', 'delivery'),
      answerCorrection:
        side === 'seller' && d.correction?.status === 'proposed' && can(user, 'accept', 'delivery'),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = String(idParam(params));
  const form = await readForm(request);
  const intent = intentOf(form, [
    'confirm',
    'accept',
    'dispute',
    'adjust',
    'previewAdjust',
    'pay',
    'correct',
    'acceptCorrection',
    'refuseCorrection',
    'asWeighed',
  ] as const);
  if (!intent) notFound();
  const caller = callerOf(user, form);
  const here = `/deliveries/${id}`;

  // a button only: the buyer confirms a pending delivery, the seller accepts an adjustment (the
  // same receipt) or a correction
  const buttons = {
    confirm: [confirmDeliveryCommand, 'delivery.confirmed'],
    accept: [acceptAdjustmentCommand, 'delivery.confirmed'],
    acceptCorrection: [acceptCorrectionCommand, 'reversal.accepted'],
    asWeighed: [adjustAsWeighedCommand, 'intake.adjustedAsWeighed'],
  } as const;
  if (
    intent === 'confirm' ||
    intent === 'accept' ||
    intent === 'acceptCorrection' ||
    intent === 'asWeighed'
  ) {
    const [command, done] = buttons[intent];
    const outcome = await execute(command as Command<{ id: string }, unknown>, caller, { id });
    return outcome.ok ? redirectWithFlash(here, done) : buttonRefusal(here, outcome);
  }
  // 计算金额 on the adjust form: what the change would come to, written nowhere
  if (intent === 'previewAdjust') {
    const scope = requirePermission(user, 'adjust', 'delivery');
    const submission = parseSubmission(form, AdjustPreviewSchema);
    if (submission.status !== 'success') return invalid(submission);
    const worked = await previewAdjustment(scope, idParam(params), submission.value);
    if (!worked.ok) return formRefusal(submission, worked);
    const found = await getDelivery(scope, idParam(params));
    return {
      result: submission.reply(),
      adjustPreview: {
        figures: worked.value.figures,
        steps: await explainPrice(found?.delivery.contractId ?? null, worked.value.figures),
      },
    };
  }
  // a form with fields: what the user typed stays, with each refusal next to its field
  const forms = {
    dispute: [DisputeSchema, disputeDeliveryCommand, 'delivery.disputed'],
    adjust: [AdjustSchema, adjustDeliveryCommand, 'delivery.adjusted'],
    correct: [CorrectionSchema, proposeCorrectionCommand, 'reversal.proposed'],
    refuseCorrection: [DisputeSchema, refuseCorrectionCommand, 'reversal.refused'],
    pay: [PaymentSchema, payDeliveryCommand, 'payment.recorded'],
  } as const;
  const [schema, command, done] = forms[intent];
  const submission = parseSubmission(form, schema);
  if (submission.status !== 'success') return invalid(submission);
  const outcome = await execute(command as Command<object, unknown>, caller, { ...submission.value, id });
  return outcome.ok ? redirectWithFlash(here, done) : formRefusal(submission, outcome);
}
