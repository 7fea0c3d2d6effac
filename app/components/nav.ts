import type { Role } from '~/schemas/roles';

export interface NavItem {
  to: string;
  labelKey: string;
}

/** Each role's menu. Links are only a convenience: every route checks permissions itself. */
export const NAV: Record<Role, NavItem[]> = {
  admin: [
    { to: '/admin/users', labelKey: 'nav.users' },
    { to: '/organizations', labelKey: 'nav.organizations' },
    { to: '/admin/towns', labelKey: 'nav.towns' },
    { to: '/audit', labelKey: 'nav.audit' },
  ],
  official: [
    { to: '/dashboard', labelKey: 'nav.dashboard' },
    { to: '/targets', labelKey: 'nav.targets' },
    { to: '/problems', labelKey: 'nav.problems' },
    { to: '/reports/monthly', labelKey: 'nav.monthlyReport' },
    { to: '/plantings', labelKey: 'nav.plantings' },
    { to: '/harvests/flagged', labelKey: 'nav.flagged' },
    { to: '/lots', labelKey: 'nav.lots' },
    { to: '/herd', labelKey: 'nav.herd' },
    { to: '/contracts', labelKey: 'nav.contracts' },
    { to: '/deliveries', labelKey: 'nav.deliveries' },
    { to: '/intake', labelKey: 'nav.intake' },
    { to: '/runs', labelKey: 'nav.runs' },
    { to: '/shipments', labelKey: 'nav.shipments' },
    { to: '/cold-stores', labelKey: 'nav.coldStores' },
    { to: '/outbox', labelKey: 'nav.outbox' },
    { to: '/income', labelKey: 'nav.income' },
    { to: '/households', labelKey: 'nav.households' },
    { to: '/households/income', labelKey: 'nav.householdIncome' },
    { to: '/prices', labelKey: 'nav.prices' },
    { to: '/master/villages', labelKey: 'nav.villages' },
    { to: '/organizations', labelKey: 'nav.organizations' },
    { to: '/master/products', labelKey: 'nav.products' },
    { to: '/audit', labelKey: 'nav.audit' },
  ],
  cooperative: [
    { to: '/plantings', labelKey: 'nav.plantings' },
    { to: '/lots', labelKey: 'nav.lots' },
    { to: '/contracts', labelKey: 'nav.contracts' },
    { to: '/deliveries', labelKey: 'nav.deliveries' },
    { to: '/income', labelKey: 'nav.income' },
    { to: '/households', labelKey: 'nav.members' },
    { to: '/payouts', labelKey: 'nav.payouts' },
    { to: '/intake', labelKey: 'nav.tickets' },
    { to: '/shipments', labelKey: 'nav.shipments' },
    { to: '/imports', labelKey: 'nav.imports' },
    { to: '/problems', labelKey: 'nav.problems' },
  ],
  enterprise: [
    { to: '/deliveries', labelKey: 'nav.deliveries' },
    { to: '/contracts', labelKey: 'nav.contracts' },
    { to: '/lots', labelKey: 'nav.lots' },
    { to: '/intake', labelKey: 'nav.tickets' },
    { to: '/runs', labelKey: 'nav.runs' },
    { to: '/shipments', labelKey: 'nav.shipments' },
    { to: '/alerts', labelKey: 'nav.alerts' },
    { to: '/outbox', labelKey: 'nav.outbox' },
    { to: '/reports/linkage', labelKey: 'nav.linkage' },
    { to: '/problems', labelKey: 'nav.problems' },
    { to: '/account/tokens', labelKey: 'nav.tokens' },
  ],
  plant: [
    { to: '/intake', labelKey: 'nav.intake' },
    { to: '/runs', labelKey: 'nav.runs' },
    { to: '/lots', labelKey: 'nav.stock' },
    { to: '/payouts', labelKey: 'nav.payouts' },
    { to: '/cold-stores', labelKey: 'nav.coldStores' },
    { to: '/alerts', labelKey: 'nav.alerts' },
    { to: '/outbox', labelKey: 'nav.outbox' },
    { to: '/account/tokens', labelKey: 'nav.tokens' },
  ],
  carrier: [
    { to: '/shipments', labelKey: 'nav.shipments' },
    { to: '/alerts', labelKey: 'nav.alerts' },
    { to: '/lots', labelKey: 'nav.lots' },
    { to: '/cold-stores', labelKey: 'nav.coldStores' },
    { to: '/outbox', labelKey: 'nav.outbox' },
    { to: '/account/tokens', labelKey: 'nav.deviceTokens' },
  ],
  base: [
    { to: '/herd', labelKey: 'nav.herd' },
    { to: '/lots', labelKey: 'nav.lots' },
    { to: '/contracts', labelKey: 'nav.contracts' },
    { to: '/deliveries', labelKey: 'nav.deliveries' },
    { to: '/income', labelKey: 'nav.income' },
    { to: '/payouts', labelKey: 'nav.payouts' },
    { to: '/imports', labelKey: 'nav.imports' },
  ],
};

/**
 * The role's daily tasks: on a phone the menu is a short bar of these (with 首页) and a 菜单
 * button for the rest, so the work starts above the fold. Everything stays one tap away.
 */
export const DAILY: Record<Role, string[]> = {
  admin: ['/admin/users', '/organizations'],
  official: ['/dashboard', '/targets', '/problems'],
  cooperative: ['/plantings', '/deliveries', '/households'],
  enterprise: ['/deliveries', '/contracts', '/lots'],
  plant: ['/intake', '/runs', '/lots'],
  carrier: ['/shipments', '/alerts'],
  base: ['/herd', '/deliveries', '/lots'],
};
