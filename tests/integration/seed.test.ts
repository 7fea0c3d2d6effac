import { execFileSync, spawnSync } from 'node:child_process';
import { MongoClient } from 'mongodb';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_ACCOUNTS } from '#tests/factories/demo-town';

function seed(uri: string) {
  return execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/seed.ts', '--if-empty'], {
    env: { ...process.env, MONGODB_URI: uri },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Start-up's preparation of a database (scripts/prepare-db.ts), as `npm start` runs it. */
function prepare(uri: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/prepare-db.ts'], {
    env: { ...process.env, MONGODB_URI: uri, XL_DEMO: '', ...env },
    encoding: 'utf8',
  });
}

describe('a production start', () => {
  it('on an empty database loads no demo town and says how to create the first administrator', async () => {
    const url = new URL(inject('mongoUri'));
    url.pathname = `/xl_prod_${process.env.VITEST_POOL_ID ?? '0'}`;
    const client = await MongoClient.connect(url.toString());
    const db = client.db();
    await db.dropDatabase();
    try {
      const started = prepare(url.toString(), { NODE_ENV: 'production' });
      expect(started.status).toBe(0);
      expect(started.stderr).toMatch(/npm run create-admin/);
      expect(await db.collection('users').countDocuments()).toBe(0);
      expect(await db.collection('towns').countDocuments()).toBe(0);
      expect(await db.collection('apitokens').countDocuments()).toBe(0);
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  }, 60_000);
});

describe('seed', () => {
  it('loads the demo town into an empty database once and never touches one with data', async () => {
    const url = new URL(inject('mongoUri'));
    url.pathname = `/xl_seed_${process.env.VITEST_POOL_ID ?? '0'}`;
    const client = await MongoClient.connect(url.toString());
    const db = client.db();
    await db.dropDatabase();
    try {
      seed(url.toString());
      const users = await db
        .collection('users')
        .find({}, { projection: { username: 1 } })
        .toArray();
      expect(users.map((u) => u.username).sort()).toEqual([...DEMO_ACCOUNTS].sort());
      const villages = await db.collection('villages').find().toArray();
      expect(villages.map((v) => v.name).sort()).toEqual(
        ['凤栖村', '白龙村', '舒家坪村', '赤溪村', '金家台村', '青龙村'].sort(),
      );
      const enterprises = await db.collection('organizations').find({ type: 'enterprise' }).toArray();
      expect(enterprises.map((e) => [e.name, e.level]).sort()).toEqual([
        ['张家界九天食品有限公司', 'provincial'],
        ['张家界市乡滋味农产品有限公司', 'city'],
      ]);
      const products = await db.collection('products').find().toArray();
      const sweetPotato = products.find((p) => p.code === 'XXS');
      expect(sweetPotato?.coldChain).toMatchObject({ minC: 12.5, maxC: 15 });
      // two seasons of deliveries in every state, and receipts unpaid for more than 60 days
      const deliveries = await db.collection('deliveries').find().toArray();
      expect(new Set(deliveries.map((d) => d.status))).toEqual(
        new Set(['confirmed', 'disputed', 'adjusted', 'pending']),
      );
      expect(new Set(deliveries.map((d) => d.deliveredOn.slice(0, 4)))).toEqual(new Set(['2025', '2026']));
      const longUnpaid = deliveries.filter(
        (d) =>
          d.status === 'confirmed' &&
          d.paidFen < d.receipt.dueFen &&
          Date.now() - d.receipt.at.getTime() > 60 * 86_400_000,
      );
      expect(longUnpaid.length).toBeGreaterThanOrEqual(2);
      // the enterprise's, the plant's weighbridge and the carrier's truck logger
      expect(await db.collection('apitokens').countDocuments()).toBe(3);
      // the cold chain's season: trips received, one on the road, the night's excursion alerted
      expect(await db.collection('shipments').countDocuments({ status: 'delivered' })).toBeGreaterThanOrEqual(
        10,
      );
      expect(await db.collection('shipments').countDocuments({ status: 'in_transit' })).toBe(1);
      const alerts = await db.collection('coldalerts').find().toArray();
      expect(alerts.map((a) => a.kind).sort()).toEqual(['excursion_ended', 'excursion_started']);
      const sent = await db
        .collection('outboxmessages')
        .find({ key: new RegExp(`^${String(alerts[0]!.subjectId)}:`) })
        .toArray();
      expect(sent.map((m) => [m.state, m.attempts])).toEqual([
        ['sent', 3],
        ['sent', 3],
      ]);

      // the plant's season: trucks of 凤栖's kudzu weighed in for 九天 (one more than 1 % off the
      // seller's weight, one still to confirm, one not yet weighed), a toll batch with its fee,
      // runs into 葛根粉 and 葛渣 (one flagged too high, one still open)
      const tickets = await db.collection('intaketickets').find().toArray();
      expect(tickets.filter((t) => t.kind === 'delivery')).toHaveLength(6);
      expect(tickets.filter((t) => t.kind === 'toll' && t.feeFen > 0)).toHaveLength(1);
      expect(
        tickets.filter(
          (t) => t.kind === 'delivery' && Math.abs(t.netKg - t.recordedKg) > t.recordedKg * 0.01,
        ),
      ).toHaveLength(1);
      const toPlant = deliveries.filter((d) => d.plantOrgId);
      expect(toPlant.filter((d) => d.adjustment?.weighedTicket && d.status === 'confirmed')).toHaveLength(5);
      expect(toPlant.filter((d) => d.status === 'pending')).toHaveLength(2);
      const runs = await db.collection('runs').find().toArray();
      expect(runs.map((r) => [r.status, r.flagged]).sort()).toEqual([
        ['closed', false],
        ['closed', false],
        ['closed', true],
        ['open', false],
      ]);
      expect(runs.find((r) => r.flagged)!.yieldPct).toBeGreaterThan(22);

      // the six villages' registers, with 脱贫户 and 监测户; three years of every kind of income
      const households = await db.collection('households').find().toArray();
      expect(households.length).toBeGreaterThanOrEqual(250);
      expect(new Set(households.map((h) => String(h.villageId))).size).toBe(6);
      expect(households.filter((h) => h.lifted).length).toBeGreaterThan(10);
      expect(households.filter((h) => h.monitored).length).toBeGreaterThan(2);
      const entries = await db.collection('householdentries').find().toArray();
      for (const kind of ['purchase', 'wage', 'rent', 'dividend', 'payment'])
        expect(entries.some((e) => e.kind === kind)).toBe(true);
      expect(new Set(entries.filter((e) => e.kind === 'purchase').map((e) => e.year))).toEqual(
        new Set([2024, 2025, 2026]),
      );
      expect(
        entries.some(
          (e) => e.kind === 'rent' && e.villageId.equals(villages.find((v) => v.name === '白龙村')!._id),
        ),
      ).toBe(true);
      // one approved distribution per cooperative, its lines adding up to the 分
      const distributions = await db.collection('distributions').find().toArray();
      expect(distributions.map((x) => x.state)).toEqual(['approved', 'approved']);
      for (const x of distributions) {
        expect(x.lines.reduce((a: number, l: { amountFen: number }) => a + l.amountFen, 0)).toBe(
          x.surplusFen,
        );
      }
      // and every invariant holds
      const check = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/db-check.ts'], {
        env: { ...process.env, MONGODB_URI: url.toString() },
        encoding: 'utf8',
      });
      expect(check.stdout + check.stderr).not.toMatch(/problem|✗/i);
      expect(check.status).toBe(0);

      // a production start on this database refuses to serve it, naming what to put right
      const refused = prepare(url.toString(), { NODE_ENV: 'production' });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/refusing to start/);
      expect(refused.stderr).toMatch(/account admin \(password demo1234\)/);
      expect(refused.stderr).toMatch(/demo API token/);
      expect(refused.stderr).toMatch(/npm run create-admin/);

      const auditCount = await db.collection('auditevents').countDocuments();

      await db.collection('users').deleteOne({ username: 'official' }); // the database now has someone's changes
      seed(url.toString());
      expect(await db.collection('users').countDocuments()).toBe(DEMO_ACCOUNTS.length - 1);
      expect(await db.collection('auditevents').countDocuments()).toBe(auditCount);
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  }, 120_000);
});
