import { describe, expect, it } from 'vitest';
import { AuditEventModel } from '#models/kernel/audit';
import { ProductModel } from '#models/town/product';
import { VillageModel } from '#models/town/village';
import * as productEdit from '~/routes/master.products.$id';
import * as productNew from '~/routes/master.products.new';
import * as villageEdit from '~/routes/master.villages.$id';
import * as villageList from '~/routes/master.villages._index';
import * as villageNew from '~/routes/master.villages.new';
import { makeAdmin, makeProduct, makeTownWithRoles, makeVillage } from '#tests/factories';
import { args, expectThrownStatus, payloadOf, requestAs, statusOf } from '#tests/utils';

type Reply = { result: { error?: Record<string, string[]> } };
const errorsOf = (value: unknown) => payloadOf<Reply>(value).result.error ?? {};

describe('villages', () => {
  it('an official creates, edits, archives and restores a village, each step audited', async () => {
    const { town, users } = await makeTownWithRoles();
    const created = await villageNew.action(
      args(
        await requestAs(users.official, '/master/villages/new', {
          form: { name: '新民村', households: '120' },
        }),
      ),
    );
    expect(statusOf(created)).toBe(302);
    const village = await VillageModel.findOne({ name: '新民村' }).lean();
    expect(village).toMatchObject({ townId: town._id, households: 120, archivedAt: null });
    const id = String(village!._id);

    await villageEdit.action(
      args(
        await requestAs(users.official, `/master/villages/${id}`, {
          form: { name: '新民村', households: '130' },
        }),
        { id },
      ),
    );
    await villageEdit.action(
      args(await requestAs(users.official, `/master/villages/${id}`, { form: { intent: 'archive' } }), {
        id,
      }),
    );
    expect((await VillageModel.findById(id).lean())?.archivedAt).toBeInstanceOf(Date);

    // archived villages leave the list unless asked for
    const list = await villageList.loader(args(await requestAs(users.official, '/master/villages')));
    expect(list.villages.map((v) => v.name)).not.toContain('新民村');
    const all = await villageList.loader(
      args(await requestAs(users.official, '/master/villages?archived=1')),
    );
    expect(all.villages.map((v) => v.name)).toContain('新民村');

    await villageEdit.action(
      args(await requestAs(users.official, `/master/villages/${id}`, { form: { intent: 'restore' } }), {
        id,
      }),
    );
    const events = await AuditEventModel.find({ recordId: village!._id }).sort({ at: 1 }).lean();
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'archive', 'restore']);
    expect(events[1]).toMatchObject({
      before: { households: 120 },
      after: { households: 130 },
      changed: ['households'],
    });
    expect(events[1].actor.username).toBe(users.official.username);
  });

  it('lists villages in pinyin order', async () => {
    const { town, users } = await makeTownWithRoles();
    for (const name of ['青龙村', '白龙村', '赤溪村', '舒家坪村']) await makeVillage(town._id, { name });
    const list = await villageList.loader(args(await requestAs(users.official, '/master/villages')));
    const names = list.villages.map((v) => v.name).filter((n) => !n.startsWith('测试'));
    expect(names).toEqual(['白龙村', '赤溪村', '青龙村', '舒家坪村']);
  });

  it('rejects bad values next to the fields and writes nothing', async () => {
    const { users } = await makeTownWithRoles();
    const before = await VillageModel.countDocuments();
    const result = await villageNew.action(
      args(
        await requestAs(users.official, '/master/villages/new', { form: { name: '  ', households: '-3' } }),
      ),
    );
    expect(statusOf(result)).toBe(400);
    expect(errorsOf(result)).toMatchObject({ name: ['v.required'], households: ['v.nonNegative'] });
    const text = await villageNew.action(
      args(
        await requestAs(users.official, '/master/villages/new', {
          form: { name: '甲村', households: '很多' },
        }),
      ),
    );
    expect(errorsOf(text).households).toEqual(['v.number']);
    expect(await VillageModel.countDocuments()).toBe(before);
  });

  it('a duplicate name is a field error, not a 500', async () => {
    const { users, village } = await makeTownWithRoles();
    const result = await villageNew.action(
      args(
        await requestAs(users.official, '/master/villages/new', {
          form: { name: village.name, households: '5' },
        }),
      ),
    );
    expect(statusOf(result)).toBe(400);
    expect(errorsOf(result).name).toEqual(['v.duplicate']);
  });

  it('a cooperative forging the post gets 403; another town’s or a malformed id is 404', async () => {
    const { users, village } = await makeTownWithRoles();
    const other = await makeTownWithRoles();
    const before = await VillageModel.countDocuments();
    await expectThrownStatus(
      villageNew.action(
        args(
          await requestAs(users.cooperative, '/master/villages/new', {
            form: { name: 'x村', households: '1' },
          }),
        ),
      ),
      403,
    );
    const foreign = String(other.village._id);
    await expectThrownStatus(
      villageEdit.action(
        args(
          await requestAs(users.official, `/master/villages/${foreign}`, {
            form: { name: '改名', households: '1' },
          }),
          { id: foreign },
        ),
      ),
      404,
    );
    await expectThrownStatus(
      villageEdit.action(
        args(
          await requestAs(users.official, `/master/villages/${foreign}`, { form: { intent: 'archive' } }),
          { id: foreign },
        ),
      ),
      404,
    );
    await expectThrownStatus(
      villageEdit.loader(args(await requestAs(users.official, '/master/villages/zzz'), { id: 'zzz' })),
      404,
    );
    expect(await VillageModel.countDocuments()).toBe(before);
    expect((await VillageModel.findById(other.village._id).lean())?.archivedAt).toBeNull();
    expect((await VillageModel.findById(village._id).lean())?.name).toBe(village.name);
  });

  it('an admin reads every town’s villages but cannot write them', async () => {
    await makeTownWithRoles();
    await makeTownWithRoles();
    const { admin } = await makeAdmin();
    const list = await villageList.loader(args(await requestAs(admin, '/master/villages')));
    expect(list.villages).toHaveLength(2);
    expect(list.canWrite).toBe(false);
    await expectThrownStatus(villageNew.loader(args(await requestAs(admin, '/master/villages/new'))), 403);
  });
});

describe('products', () => {
  const kudzu = {
    code: 'gg',
    name: '鲜葛根',
    nameEn: 'Fresh kudzu root',
    category: 'crop',
    unit: 'kg',
    minC: '4',
    maxC: '15',
    toleranceMinutes: '120',
    yieldMinKgPerMu: '2000',
    yieldMaxKgPerMu: '3000',
  };

  it('an official adds a product with its cold-chain profile', async () => {
    const { town, users } = await makeTownWithRoles();
    const result = await productNew.action(
      args(await requestAs(users.official, '/master/products/new', { form: kudzu })),
    );
    expect(statusOf(result)).toBe(302);
    const product = await ProductModel.findOne({ townId: town._id, code: 'GG' }).lean();
    expect(product?.coldChain).toMatchObject({ minC: 4, maxC: 15, toleranceMinutes: 120, humidityMin: null });
    expect(product?.yieldKgPerMu).toEqual({ min: 2000, max: 3000 });
  });

  it('rejects a max below the min, a bad code and a duplicate code', async () => {
    const { town, users } = await makeTownWithRoles();
    await makeProduct(town._id, { code: 'XXS', name: '小香薯' });
    const bad = await productNew.action(
      args(
        await requestAs(users.official, '/master/products/new', {
          form: { ...kudzu, code: '1x', minC: '15', maxC: '4' },
        }),
      ),
    );
    expect(errorsOf(bad)).toMatchObject({ code: ['v.productCode'], maxC: ['v.maxBelowMin'] });
    const dup = await productNew.action(
      args(await requestAs(users.official, '/master/products/new', { form: { ...kudzu, code: 'xxs' } })),
    );
    expect(errorsOf(dup).code).toEqual(['v.duplicateCode']);
    expect(await ProductModel.countDocuments({ townId: town._id })).toBe(1);
  });

  it('edits a profile in its own town only', async () => {
    const { town, users } = await makeTownWithRoles();
    const other = await makeTownWithRoles();
    const mine = await makeProduct(town._id, { code: 'XXS', name: '小香薯', minC: 12.5, maxC: 15 });
    const theirs = await makeProduct(other.town._id, { code: 'XXS', name: '小香薯' });
    const form = {
      code: 'XXS',
      name: '小香薯',
      category: 'crop',
      unit: 'kg',
      minC: '12',
      maxC: '15',
      toleranceMinutes: '60',
    };
    const id = String(mine._id);
    expect(
      statusOf(await productEdit.action(args(await requestAs(users.official, `/x`, { form }), { id }))),
    ).toBe(302);
    expect((await ProductModel.findById(id).lean())?.coldChain.minC).toBe(12);
    await expectThrownStatus(
      productEdit.action(args(await requestAs(users.official, `/x`, { form }), { id: String(theirs._id) })),
      404,
    );
    await expectThrownStatus(
      productEdit.action(args(await requestAs(users.base, `/x`, { form }), { id })),
      403,
    );
  });
});
