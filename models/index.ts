// Every model, registered by importing this module (scripts and tests use it to build indexes).
export { AuditEventModel } from './audit';
export { OrganizationModel } from './organization';
export { ProductModel } from './product';
export { LoginThrottleModel, SessionModel } from './session';
export { TownModel } from './town';
export { UserModel } from './user';
export { VillageModel } from './village';
export { LotCounterModel, LotModel } from './lot';
export { ImportJobModel } from './import';
export { HarvestModel, PlantingModel } from './planting';
export { EarTagModel, HerdCountModel, HerdEventModel } from './herd';
export { OperationModel } from './operation';
export { ContractModel } from './contract';
export { MarketPriceModel } from './price';
export { DeliveryModel } from './delivery/schema';
export { LedgerEntryModel } from './ledger';
export { ApiTokenModel } from './api-token';
export { AuditSealModel } from './audit-seal';
export { DeliveryPhotoModel } from './delivery/schema';
export { AmendmentModel } from './amendment';
export {
  DistributionModel,
  HouseholdEntryModel,
  HouseholdModel,
  HouseholdYearModel,
  PurchasePriceModel,
} from './household/schema';
export { FactMarkModel, FactModel } from './facts';
export { TargetModel } from './target';
export { ProblemModel } from './problem';
