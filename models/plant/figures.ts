// The plants' figures for officials (issue 20), read from the facts kept in step with tickets
// and runs (./facts.ts): a year's intake by month, by supplier and by village of origin, its
// output by month and main product with the yield, and — read live, both small — the runs
// flagged and not yet checked and what the plants hold in stock.
import type { Types } from 'mongoose';
import { readFacts } from '../kernel/facts';
import { LotModel } from '../lots';
import { OrganizationModel } from '../town';
import { plantIntakeFact, plantRunsFact } from './facts';
import { RunModel } from './schema';

const r1 = (n: number) => Math.round(n * 10) / 10;

export async function plantFigures(townId: Types.ObjectId, year: number) {
  const [intake, runs, plants] = await Promise.all([
    readFacts(townId, plantIntakeFact, [year]),
    readFacts(townId, plantRunsFact, [year]),
    OrganizationModel.find({ townId, type: 'plant' }).select('name').lean(),
  ]);
  const byMonth = new Map<
    number,
    { tickets: number; netKg: number; payableKg: number; shrinkageKg: number }
  >();
  const bySupplier = new Map<
    string,
    { supplierOrgId: string; villageId: string; tickets: number; netKg: number; shrinkageKg: number }
  >();
  for (const fact of intake) {
    const month = Number(fact.part);
    const m = byMonth.get(month) ?? { tickets: 0, netKg: 0, payableKg: 0, shrinkageKg: 0 };
    for (const row of fact.rows) {
      m.tickets += row.tickets;
      m.netKg += row.netKg;
      m.payableKg += row.payableKg;
      m.shrinkageKg += row.shrinkageKg;
      const key = `${row.supplierOrgId}|${row.villageId}`;
      const s = bySupplier.get(key) ?? {
        supplierOrgId: row.supplierOrgId,
        villageId: row.villageId,
        tickets: 0,
        netKg: 0,
        shrinkageKg: 0,
      };
      s.tickets += row.tickets;
      s.netKg += row.netKg;
      s.shrinkageKg += row.shrinkageKg;
      bySupplier.set(key, s);
    }
    byMonth.set(month, m);
  }
  const output: Array<{
    month: number;
    productId: string;
    runs: number;
    inputKg: number;
    mainKg: number;
    byKg: number;
    lossKg: number;
    flagged: number;
  }> = [];
  for (const fact of runs) for (const row of fact.rows) output.push({ month: Number(fact.part), ...row });
  output.sort((a, b) => a.month - b.month || a.productId.localeCompare(b.productId));
  const inputKg = output.reduce((s, o) => s + o.inputKg, 0);
  const mainKg = output.reduce((s, o) => s + o.mainKg, 0);
  const plantIds = plants.map((p) => p._id);
  const [flagged, stock] = await Promise.all([
    RunModel.find({ townId, status: 'closed', flagged: true, flagCheck: null })
      .sort({ closedAt: 1 })
      .limit(100)
      .select('number plantOrgId yieldPct band inputKg closedAt')
      .lean(),
    LotModel.aggregate<{
      _id: { plant: Types.ObjectId; product: string };
      lots: number;
      kg: number;
      oldest: Date;
    }>([
      { $match: { holderOrgId: { $in: plantIds }, status: 'in_stock', staged: { $ne: true } } },
      {
        $group: {
          _id: { plant: '$holderOrgId', product: '$productName' },
          lots: { $sum: 1 },
          kg: { $sum: '$quantity' },
          oldest: { $min: '$producedAt' },
        },
      },
      { $sort: { '_id.plant': 1, kg: -1 } },
    ]),
  ]);
  const plantName = Object.fromEntries(plants.map((p) => [String(p._id), p.name]));
  return {
    plants: plantName,
    intakeByMonth: [...byMonth.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([month, m]) => ({
        month,
        tickets: m.tickets,
        netKg: r1(m.netKg),
        payableKg: r1(m.payableKg),
        shrinkageKg: r1(m.shrinkageKg),
      })),
    intakeBySupplier: [...bySupplier.values()]
      .sort((a, b) => b.netKg - a.netKg)
      .map((s) => ({ ...s, netKg: r1(s.netKg), shrinkageKg: r1(s.shrinkageKg) })),
    output: output.map((o) => ({ ...o, yieldPct: o.inputKg > 0 ? r1((o.mainKg / o.inputKg) * 100) : null })),
    yieldPct: inputKg > 0 ? r1((mainKg / inputKg) * 100) : null,
    flagged: flagged.map((r) => ({
      id: String(r._id),
      number: r.number,
      plant: plantName[String(r.plantOrgId)] ?? '',
      yieldPct: r.yieldPct,
      band: r.band,
      inputKg: r.inputKg,
      closedAt: r.closedAt,
    })),
    stock: stock.map((s) => ({
      plant: plantName[String(s._id.plant)] ?? '',
      product: s._id.product,
      lots: s.lots,
      kg: r1(s.kg),
      oldest: s.oldest,
    })),
  };
}
