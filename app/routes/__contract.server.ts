// The contract page's server side: the contract, its deliveries month by month, its
// amendments, and what each party may do (accept, amend, answer an amendment, verify the
// chain, end it).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';

import { Types } from 'mongoose';
import {
  acceptAmendmentCommand,
  acceptContractCommand,
  getContract,
  priceTermsOf,
  fulfilment,
  verifyContract,
  priceOn,
  listAmendments,
  proposeAmendmentCommand,
  refuseAmendmentCommand,
  terminateContractAsOfficialCommand,
  terminateContractCommand,
} from '#models/trade';
import { priceLine } from '~/domain/pricing';
import { todayInShanghai } from '~/utils/dates';
import { toObjectId } from '#models/kernel';
import { buttonRefusal, callerOf, execute, formCommand } from '~/utils/commands.server';

import { AmendSchema, RefuseAmendmentSchema, TerminateSchema } from '~/schemas/contract';
import { requireUser } from '~/utils/auth.server';
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
  const here = `/contracts/${id}`;
  const extra = { id: String(id) };
  const caller = callerOf(user, form);
  switch (intent) {
    case 'amend':
      return formCommand(form, user, proposeAmendmentCommand, AmendSchema, {
        extra,
        done: () => [here, 'amendment.proposed'],
      });
    case 'acceptAmendment': {
      requirePermission(user, ...acceptAmendmentCommand.permission);
      const amendmentId = toObjectId(form.get('amendmentId'));
      if (!amendmentId) notFound();
      const outcome = await execute(acceptAmendmentCommand, caller, {
        ...extra,
        amendmentId: String(amendmentId),
      });
      return outcome.ok ? redirectWithFlash(here, 'amendment.accepted') : buttonRefusal(here, outcome);
    }
    case 'refuseAmendment': {
      requirePermission(user, ...refuseAmendmentCommand.permission);
      if (!toObjectId(form.get('amendmentId'))) notFound();
      const submission = parseSubmission(form, RefuseAmendmentSchema);
      if (submission.status !== 'success') return invalid(submission);
      const outcome = await execute(refuseAmendmentCommand, caller, { ...submission.value, ...extra });
      return outcome.ok ? redirectWithFlash(here, 'amendment.refused') : buttonRefusal(here, outcome);
    }
    case 'verify': {
      // recompute the chain of receipts and payments and hold it against the deliveries
      const scope = requirePermission(user, 'verify', 'contract');
      const contract = await getContract(scope, id);
      if (!contract) notFound();
      return { verified: await verifyContract(id) };
    }
    case 'accept': {
      requirePermission(user, ...acceptContractCommand.permission);
      const outcome = await execute(acceptContractCommand, caller, extra);
      if (!outcome.ok) return buttonRefusal(here, outcome);
      return redirectWithFlash(
        here,
        outcome.value.status === 'active' ? 'contract.activated' : 'contract.accepted',
      );
    }
    case 'terminate':
      // a party or an official ends it, with a reason
      return formCommand(
        form,
        user,
        can(user, 'write', 'contract') ? terminateContractAsOfficialCommand : terminateContractCommand,
        TerminateSchema,
        { extra, done: () => [here, 'contract.terminated'] },
      );
  }
}
