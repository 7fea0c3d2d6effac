// Loaders and actions of pages not covered elsewhere: edits' happy paths, searches, scoping.
import { describe, expect, it } from 'vitest';
import { ImportJobModel } from '#models/kernel/import';
import { OrganizationModel } from '#models/town/organization';
import { TownModel } from '#models/town/town';
import * as importPage from '~/routes/imports.$id';
import * as orgEdit from '~/routes/organizations.$id';
import * as productList from '~/routes/master.products._index';
import * as townEdit from '~/routes/admin.towns.$id';
import * as townList from '~/routes/admin.towns._index';
import * as userList from '~/routes/admin.users._index';
import { makeAdmin, makeProduct, makeTownWithRoles } from '#tests/factories';
import { args, expectThrownStatus, requestAs, statusOf } from '#tests/utils';

describe('admin pages', () => {
  it('edits and archives a town; archived towns leave the list', async () => {
    const { town } = await makeTownWithRoles();
    const { admin } = await makeAdmin();
    const id = String(town._id);
    const edited = await townEdit.action(
      args(
        await requestAs(admin, `/admin/towns/${id}`, {
          form: { name: '新名镇', code: town.code, countyCode: '430822' },
        }),
        { id },
      ),
    );
    expect(statusOf(edited)).toBe(302);
    expect((await TownModel.findById(id).lean())?.name).toBe('新名镇');
    await townEdit.action(
      args(await requestAs(admin, `/admin/towns/${id}`, { form: { intent: 'archive' } }), { id }),
    );
    expect(
      (await townList.loader(args(await requestAs(admin, '/admin/towns')))).towns.map((t) => t.id),
    ).not.toContain(id);
    expect(
      (await townList.loader(args(await requestAs(admin, '/admin/towns?archived=1')))).towns.map((t) => t.id),
    ).toContain(id);
  });

  it('searches users by username or name, regex characters taken literally', async () => {
    const { users } = await makeTownWithRoles();
    const { admin } = await makeAdmin();
    const found = await userList.loader(
      args(await requestAs(admin, `/admin/users?q=${users.plant.username}`)),
    );
    expect(found.users.map((u) => u.username)).toEqual([users.plant.username]);
    const none = await userList.loader(args(await requestAs(admin, '/admin/users?q=.*')));
    expect(none.users).toEqual([]);
    expect(JSON.stringify(found)).not.toMatch(/passwordHash|argon2/);
  });
});

describe('official pages', () => {
  it('an official edits a cooperative of the town', async () => {
    const { orgs, users, village } = await makeTownWithRoles();
    const id = String(orgs.cooperative._id);
    const form = {
      type: 'cooperative',
      name: '改名合作社',
      villageIds: String(village._id),
      memberHouseholds: '55',
      phone: '0744-1234567',
    };
    expect(
      statusOf(
        await orgEdit.action(args(await requestAs(users.official, `/organizations/${id}`, { form }), { id })),
      ),
    ).toBe(302);
    expect(await OrganizationModel.findById(id).lean()).toMatchObject({
      name: '改名合作社',
      memberHouseholds: 55,
      phone: '0744-1234567',
    });
    // the government organization is not the official's to edit
    const gov = String(orgs.government._id);
    await expectThrownStatus(
      orgEdit.loader(args(await requestAs(users.official, `/organizations/${gov}`), { id: gov })),
      404,
    );
  });

  it('everyone in the town reads the catalog; only officials may edit it', async () => {
    const { town, users } = await makeTownWithRoles();
    await makeProduct(town._id, { code: 'GG', name: '鲜葛根' });
    const coop = await productList.loader(args(await requestAs(users.cooperative, '/master/products')));
    expect(coop.products.map((p) => p.code)).toEqual(['GG']);
    expect(coop.canWrite).toBe(false);
    expect(
      (await productList.loader(args(await requestAs(users.official, '/master/products')))).canWrite,
    ).toBe(true);
  });
});

describe('import pages', () => {
  it('an import is visible to its own organization only', async () => {
    const w = await makeTownWithRoles();
    const other = await makeTownWithRoles();
    const job = await ImportJobModel.create({
      townId: w.town._id,
      orgId: w.orgs.cooperative._id,
      userId: w.users.cooperative._id,
      kind: 'plantings',
      fileHash: 'a'.repeat(64),
      status: 'invalid',
      errors: [{ line: 2, column: '村名', message: 'v.villageNotFound' }],
      errorCount: 1,
    });
    const id = String(job._id);
    const mine = await importPage.loader(
      args(await requestAs(w.users.cooperative, `/imports/${id}`), { id }),
    );
    expect(mine.job.errors).toEqual([{ line: 2, column: '村名', message: 'v.villageNotFound' }]);
    await expectThrownStatus(
      importPage.loader(args(await requestAs(other.users.cooperative, `/imports/${id}`), { id })),
      404,
    );
    await expectThrownStatus(
      importPage.loader(args(await requestAs(w.users.official, `/imports/${id}`), { id })),
      404,
    );
  });
});
