// The town module's face: towns, villages, organizations, products, users, sessions and API
// tokens — who is who, and where.
import { auditedModels } from '../kernel/checks';

export * from './town';
export * from './village';
export * from './organization';
export * from './product';
export * from './user';
export * from './session';
export * from './api-token';

auditedModels('Town', 'Village', 'Organization', 'User', 'Product', 'ApiToken');
export * from './commands';
