// A cooperative's 10,000-row planting file through the whole import path (parse, validate,
// check, staged write, commit with audit events) against the raw driver inserting the same
// number of documents with their audit events.
import { Types } from 'mongoose';
import { AuditEventModel, SYSTEM_ACTOR } from '#models/kernel/audit';
import { ImportJobModel } from '#models/kernel/import';
import { PlantingModel } from '#models/field/planting';
import { buildDemoTown } from '../demo/town';
import type { SessionUser } from '~/utils/auth.server';
import { importKind } from '~/utils/imports/index.server';
import { startImport, waitForImport } from '~/utils/imports/run.server';
import type { BenchCase } from './types';

const ROWS = 10_000;
const HEADER = '村名,作物,面积（亩）,参与户数,种植日期,预计采收日期,年度,地块名称,备注';

async function setup() {
  const demo = await buildDemoTown();
  const villages = ['凤栖村', '金家台村', '赤溪村', '舒家坪村'];
  const file = (run: number) =>
    new TextEncoder().encode(
      [
        HEADER,
        ...Array.from(
          { length: ROWS },
          (_, i) =>
            `${villages[i % 4]},鲜葛根,${(i % 20) + 1},${(i % 7) + 1},2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},,,地块${run}-${i},`,
        ),
      ].join('\n'),
    );
  const org = demo.orgs.fengqi;
  const user: SessionUser = {
    id: demo.users.coopFengqi._id,
    username: 'coop-fengqi',
    displayName: '',
    role: 'cooperative',
    orgId: org._id,
    orgName: org.name,
    weightUnit: 'kg' as const,
    townId: demo.town._id,
    locale: 'zh',
    sessionId: '',
  };
  return { demo, file, user, seconds: [] as number[] };
}

type Ctx = Awaited<ReturnType<typeof setup>>;

export const importCases: BenchCase<Ctx>[] = [
  {
    name: `import ${ROWS.toLocaleString()} planting rows (CSV → visible, audited)`,
    size: `${ROWS.toLocaleString()} rows, one file`,
    runs: 3,
    budget: 6,
    setup,
    async app(ctx, run) {
      const started = Date.now();
      const scope = { access: 'own' as const, townId: ctx.user.townId, orgId: ctx.user.orgId };
      const result = await startImport(
        importKind('plantings')!,
        {
          user: ctx.user,
          scope,
          actor: { ...SYSTEM_ACTOR, userId: ctx.user.id },
          townId: ctx.user.townId!,
          orgId: ctx.user.orgId,
        },
        {
          name: 'bench.csv',
          bytes: ctx.file(run),
        },
      );
      if (!result.ok || result.status !== 'writing')
        throw new Error(`import refused: ${JSON.stringify(result)}`);
      await waitForImport(result.importId);
      const job = await ImportJobModel.findById(result.importId).lean();
      if (job?.status !== 'complete') throw new Error(`import ended ${job?.status}`);
      ctx.seconds.push((Date.now() - started) / 1000);
    },
    async raw(ctx) {
      const now = new Date();
      const docs = Array.from({ length: ROWS }, (_, i) => ({
        _id: new Types.ObjectId(),
        townId: ctx.user.townId,
        orgId: ctx.user.orgId,
        ref: `RAW-${new Types.ObjectId()}`,
        villageId: ctx.demo.villages['凤栖村']._id,
        productId: ctx.demo.products.freshKudzu._id,
        areaMu: (i % 20) + 1,
        households: 1,
        plantedOn: now,
        season: 2025,
        harvestedKg: 0,
        createdAt: now,
        updatedAt: now,
      }));
      for (let i = 0; i < docs.length; i += 1000)
        await PlantingModel.collection.insertMany(docs.slice(i, i + 1000));
      for (let i = 0; i < docs.length; i += 1000) {
        await AuditEventModel.collection.insertMany(
          docs.slice(i, i + 1000).map((d) => ({
            _id: d._id,
            at: now,
            action: 'create',
            entity: 'Planting',
            recordId: d._id,
            after: d,
          })),
        );
      }
    },
    async teardown(ctx) {
      const worst = Math.max(...ctx.seconds);
      console.error(
        `[bench] ${ROWS} rows imported in ${ctx.seconds.map((s) => s.toFixed(1)).join(' / ')} s (worst ${worst.toFixed(1)} s)`,
      );
    },
  },
];
