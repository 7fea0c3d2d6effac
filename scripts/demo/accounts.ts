// The demo town's credentials, printed in the README: for the demo install only. A production
// start refuses a database where any of them still works (scripts/lib/production.ts).
export const DEMO_ACCOUNTS = [
  'admin',
  'official',
  'coop-qinglong',
  'coop-fengqi',
  'ent-jiutian',
  'ent-xiangziwei',
  'plant-jiutian',
  'carrier-lft',
  'base-kangqian',
] as const;

export const DEMO_PASSWORD = 'demo1234';

/** The demo API token of 张家界九天食品. */
export const DEMO_API_TOKEN = `xl_${'demo-jiutian-'.padEnd(43, '0')}`;

/** The demo API token of 利福塔葛根加工厂's weighbridge. */
export const DEMO_PLANT_TOKEN = `xl_${'demo-plant-weighbridge-'.padEnd(43, '0')}`;

/** The demo device token of 利福塔冷链物流's truck logger (POST /api/v1/readings). */
export const DEMO_DEVICE_TOKEN = `xl_${'demo-carrier-logger-'.padEnd(43, '0')}`;

/** Every demo API token (a production start refuses a database where one still works). */
export const DEMO_API_TOKENS = [DEMO_API_TOKEN, DEMO_PLANT_TOKEN, DEMO_DEVICE_TOKEN] as const;
