// What `npm run db:check` verifies of trade: contract states against their acceptances, and
// the delivery path (./delivery/integrity.ts).
import { auditedModels, defineCheck, repairField, type Problem } from '../kernel/checks';
import { ContractModel } from './contract';
import { deliveryChecks } from './delivery/integrity';

auditedModels('Contract', 'MarketPrice', 'Delivery', 'Amendment');

/**
 * A contract's status agrees with its acceptances: a draft both parties accepted is active
 * (acceptance and activation are two writes; a crash between them leaves such a draft, which
 * the repair activates), and an active contract was accepted by both.
 */
async function contractStates(): Promise<Problem[]> {
  const problems: Problem[] = [];
  const both = { acceptedByBuyerAt: { $ne: null }, acceptedBySellerAt: { $ne: null } };
  for (const c of await ContractModel.find({ status: 'draft', ...both }).lean()) {
    problems.push({
      check: 'contract-state',
      record: `Contract ${c.code}`,
      message: 'accepted by both parties but not active',
      repair: async () => {
        const activatedAt = new Date(Math.max(+c.acceptedByBuyerAt!, +c.acceptedBySellerAt!));
        await repairField(ContractModel as never, c as never, { status: 'active', activatedAt }, c.code);
        return 'made active';
      },
    });
  }
  const halfAccepted = await ContractModel.find({
    status: 'active',
    $or: [{ acceptedByBuyerAt: null }, { acceptedBySellerAt: null }],
  })
    .select('code')
    .lean();
  for (const c of halfAccepted) {
    problems.push({
      check: 'contract-state',
      record: `Contract ${c.code}`,
      message: 'active without both acceptances',
    });
  }
  return problems;
}

defineCheck({
  name: 'trade',
  run: async ({ live }) => [
    ...(await contractStates()),
    ...(await deliveryChecks(live, repairField as never)),
  ],
});
