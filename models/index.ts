// The app's modules, each by its face (docs/decisions/0012-modules-and-commands.md). Importing
// this registers every model, operation kind, fact, check and import kind: scripts, the server
// and the tests start from it. A new part of the chain is one more line here and a directory
// of its own; nothing in ./kernel changes.
import './town';
import './lots';
import './field';
import './trade';
import './households';
import './plant';
import './outbox';
import './coldchain';
import './oversight';

export { checkDatabase } from './kernel/checks';
export { AuditEventModel } from './kernel/audit';
export { OrganizationModel } from './town/organization';
export { ProductModel } from './town/product';
export { LoginThrottleModel, SessionModel } from './town/session';
export { TownModel } from './town/town';
export { UserModel } from './town/user';
export { VillageModel } from './town/village';
export { LotCounterModel, LotModel } from './lots/lot';
export { ImportJobModel } from './kernel/import';
export { HarvestModel, PlantingModel } from './field/planting';
export { EarTagModel, HerdCountModel, HerdEventModel } from './field/herd';
export { OperationModel } from './kernel/operation';
export { ContractModel } from './trade/contract';
export { MarketPriceModel } from './trade/price';
export { DeliveryModel, DeliveryPhotoModel } from './trade/delivery/schema';
export { LedgerEntryModel } from './kernel/ledger';
export { ApiTokenModel } from './town/api-token';
export { AuditSealModel } from './kernel/audit-seal';
export { AmendmentModel } from './trade/amendment';
export {
  DistributionModel,
  HouseholdEntryModel,
  HouseholdModel,
  HouseholdYearModel,
  PurchasePriceModel,
} from './households/schema';
export { FactMarkModel, FactModel } from './kernel/facts';
export { TargetModel } from './oversight/target';
export { ProblemModel } from './oversight/problem';
export { IntakeTicketModel, RunModel, TicketPhotoModel } from './plant/schema';
export { OutboxMessageModel, WebhookModel } from './outbox/schema';
export {
  AlertModel,
  ColdStoreModel,
  ReadingBatchModel,
  ReadingKeyModel,
  ReadingModel,
  ShipmentModel,
  StoreMoveModel,
} from './coldchain/schema';
