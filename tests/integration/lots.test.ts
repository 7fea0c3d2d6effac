// The lot list: a page at a time, newest first, with only what the list shows.
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { LOT_PAGE_SIZE, LotModel } from '#models/lots/lot';
import * as lotList from '~/routes/lots._index';
import { makeTownWithRoles } from '#tests/factories';
import { args, requestAs } from '#tests/utils';

describe('lot list', () => {
  it('pages newest first and names only the holders it shows', async () => {
    const w = await makeTownWithRoles();
    const coop = w.orgs.cooperative;
    const lots = Array.from({ length: LOT_PAGE_SIZE + 5 }, (_, i) => ({
      _id: new Types.ObjectId(),
      townId: w.town._id,
      orgId: coop._id,
      holderOrgId: coop._id,
      code: `T-GG-${String(i).padStart(3, '0')}`,
      productId: new Types.ObjectId(),
      productCode: 'GG',
      productName: '鲜葛根',
      unit: 'kg',
      quantity: 100 + i,
      grade: 'grade1',
      producedAt: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000),
      origin: { kind: 'harvest' },
      status: 'in_stock',
      movedAt: null,
    }));
    await LotModel.collection.insertMany(lots);
    const load = async (query = '') =>
      lotList.loader(args(await requestAs(w.users.cooperative, `/lots${query}`)));

    const first = await load();
    expect(first.lots).toHaveLength(LOT_PAGE_SIZE);
    expect(first.lots[0].code).toBe(`T-GG-${String(LOT_PAGE_SIZE + 4).padStart(3, '0')}`);
    expect(first).toMatchObject({ page: 1, hasMore: true });
    expect(first.lots[0].holder).toBe(coop.name);
    // only what a row shows travels to the browser
    expect(Object.keys(first.lots[0]).sort()).toEqual(
      [
        'code',
        'holder',
        'holderOrgId',
        'id',
        'producedAt',
        'product',
        'productId',
        'productName',
        'quantity',
        'status',
        'unit',
      ].sort(),
    );
    expect(JSON.stringify(first)).not.toContain(w.orgs.enterprise.name);

    const second = await load('?page=2');
    expect(second.lots.map((l) => l.code)).toEqual(
      ['004', '003', '002', '001', '000'].map((n) => `T-GG-${n}`),
    );
    expect(second.hasMore).toBe(false);
    // nonsense pages fall back to the first
    for (const q of ['?page=0', '?page=-3', '?page=abc', '?page=1e9']) expect((await load(q)).page).toBe(1);
  });
});
