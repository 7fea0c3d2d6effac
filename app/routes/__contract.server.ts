// The contract page's server side: the contract, its deliveries month by month, its
// amendments, and what each party may do (accept, amend, answer an amendment, verify the
// chain, end it).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';

import { Types } from 'mongoose';
import {
  acceptContract,
  getContract,
  priceTermsOf,
  terminateContract,
  fulfilment,
  verifyContract,
  priceOn,
  answerAmendment,
  listAmendments,
  proposeAmendment,
} from '#models/trade';
import { priceLine } from '~/domain/pricing';
import { todayInShanghai } from '~/utils/dates';
import { refusedAs, toObjectId } from '#models/kernel';
import { buttonRefusal, formRefusal } from '~/utils/commands.server';

import { AmendSchema, RefuseAmendmentSchema, TerminateSchema } from '~/schemas/contract';
import { parseSchedule } from '~/domain/contract';
import { yuanToFen } from '~/domain/herd';
import { actorOf, requireUser } from '~/utils/auth.server';
import { contractNames } from '~/utils/contracts.server';
import { redirectWithFlash } from '~/utils/flash.server';

import { intentOf, invalid, parseSubmission, readForm } from '~/utils/forms.server';

import { can, notFound, requirePermission } from '~/utils/permissions.server';
import { idParam } from '~/utils/records.server';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'contract');
  const contract = await getContract(scope, idParam(params));
  if (!contract) notFound();
  const [names, market, progress, amendments] = await Promise.all([
    contractNames([contract]),
    priceOn(new Types.ObjectId(contract.townId), new Types.ObjectId(contract.productId), todayInShanghai()),
    fulfilment(new Types.ObjectId(contract.id)),
    listAmendments(new Types.ObjectId(contract.id)),
  ]);
  // what a delivery would be paid today, grade by grade (before deductions)
  const terms = priceTermsOf(contract);
  const grades = terms.grades.length ? terms.grades.map((g) => g.grade) : (['mixed'] as const);
  const preview = {
    market: market && { fen: market.fen, day: market.day },
    rows: grades.map((grade) => {
      const line = priceLine(
        terms,
        { quantity: 1, grade, moisturePct: 0, impurityPct: 0 },
        market?.fen ?? null,
      );
      return { grade, unitFen: line.unitFen, source: line.source };
    }),
    allGrades: terms.grades.length === 0,
  };
  const org = String(user.orgId);
  const side = contract.buyerOrgId === org ? 'buyer' : contract.sellerOrgId === org ? 'seller' : null;
  const open = contract.status === 'draft' || contract.status === 'active';
  const acceptedAt =
    side === 'buyer' ? contract.acceptedByBuyerAt : side === 'seller' ? contract.acceptedBySellerAt : null;
  return {
    contract,
    preview,
    buyer: names.orgs[contract.buyerOrgId] ?? '—',
    seller: names.orgs[contract.sellerOrgId] ?? '—',
    product: names.products[contract.productId] ?? { zh: '—', en: '—' },
    progress,
    amendments: amendments.map((a) => ({
      ...a,
      proposedBy: names.orgs[a.proposedByOrgId] ?? '—',
      canAnswer:
        a.status === 'proposed' && !!side && a.proposedByOrgId !== org && can(user, 'accept', 'contract'),
    })),
    canAmend:
      !!side &&
      contract.status === 'active' &&
      !amendments.some((a) => a.status === 'proposed') &&
      can(user, 'accept', 'contract'),
    canDeliver: side === 'seller' && contract.status === 'active' && can(user, 'write', 'delivery'),
    canVerify: can(user, 'verify', 'contract'),
    canAccept: !!side && contract.status === 'draft' && !acceptedAt && can(user, 'accept', 'contract'),
    // a party, or an official of the town (the loader has already confined the contract to them)
    canTerminate: open && (can(user, 'write', 'contract') || (!!side && can(user, 'accept', 'contract'))),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = idParam(params);
  const form = await readForm(request);
  const intent = intentOf(form, [
    'accept',
    'terminate',
    'verify',
    'amend',
    'acceptAmendment',
    'refuseAmendment',
  ] as const);
  if (!intent) notFound();
  const actor = actorOf(user, form);
  if (intent === 'amend') {
    const scope = requirePermission(user, 'accept', 'contract');
    const submission = parseSubmission(form, AmendSchema);
    if (submission.status !== 'success') return invalid(submission);
    const v = submission.value;
    const plan = parseSchedule(v.schedule);
    const outcome = await proposeAmendment(
      scope,
      id,
      {
        committedQty: v.committedQty,
        windowEnd: v.windowEnd,
        floorFen: yuanToFen(v.floorYuan),
        overageAllowed: v.overageAllowed,
        schedule: plan.ok ? plan.lines : [],
      },
      v.reason,
      actor,
    );
    if (!outcome.ok) return formRefusal(submission, outcome);
    return redirectWithFlash(`/contracts/${id}`, 'amendment.proposed');
  }
  if (intent === 'acceptAmendment' || intent === 'refuseAmendment') {
    const scope = requirePermission(user, 'accept', 'contract');
    const amendmentId = toObjectId(form.get('amendmentId'));
    if (!amendmentId) notFound();
    let answer: { accept: true } | { accept: false; reason: string } = { accept: true };
    if (intent === 'refuseAmendment') {
      const submission = parseSubmission(form, RefuseAmendmentSchema);
      if (submission.status !== 'success') return invalid(submission);
      answer = { accept: false, reason: submission.value.reason };
    }
    const outcome = await answerAmendment(scope, id, amendmentId, answer, actor);
    if (!outcome.ok) return buttonRefusal(`/contracts/${id}`, outcome);
    return redirectWithFlash(`/contracts/${id}`, answer.accept ? 'amendment.accepted' : 'amendment.refused');
  }
  if (intent === 'verify') {
    // recompute the chain of receipts and payments and hold it against the deliveries
    const scope = requirePermission(user, 'verify', 'contract');
    const contract = await getContract(scope, id);
    if (!contract) notFound();
    return { verified: await verifyContract(id) };
  }
  if (intent === 'accept') {
    const scope = requirePermission(user, 'accept', 'contract');
    const contract = await getContract(scope, id);
    if (!contract) notFound();
    const side = contract.buyerOrgId === String(user.orgId) ? 'buyer' : 'seller';
    const saved = await refusedAs(() => acceptContract(scope, id, side, actor));
    if (!saved.ok) return buttonRefusal(`/contracts/${id}`, saved);
    if (!saved.value) return redirectWithFlash(`/contracts/${id}`, 'v.concurrentChange');
    return redirectWithFlash(
      `/contracts/${id}`,
      saved.value.status === 'active' ? 'contract.activated' : 'contract.accepted',
    );
  }
  // a party or an official ends it, with a reason
  const scope = can(user, 'write', 'contract')
    ? requirePermission(user, 'write', 'contract')
    : requirePermission(user, 'accept', 'contract');
  const submission = parseSubmission(form, TerminateSchema);
  if (submission.status !== 'success') return invalid(submission);
  const done = await refusedAs(() => terminateContract(scope, id, submission.value.reason, actor));
  if (!done.ok) return formRefusal(submission, done);
  if (!done.value) return redirectWithFlash(`/contracts/${id}`, 'v.concurrentChange');
  return redirectWithFlash(`/contracts/${id}`, 'contract.terminated');
}
