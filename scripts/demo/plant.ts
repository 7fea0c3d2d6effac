// The demo plant's season (issue 20): 利福塔葛根加工厂 receives 凤栖's fresh kudzu for 九天 under
// their contract — truckloads weighed at the gate, one differing from the seller's weight by
// more than 1 %, most confirmed by 九天 as weighed, one waiting — takes in 凤栖's own kudzu
// for toll processing, and runs the kudzu into 葛根粉 and 葛渣: one run flagged for a yield too
// high, one still settling.
import type { Types } from 'mongoose';
import { SYSTEM_ACTOR, type Actor } from '#models/kernel/audit';
import { updateRecord } from '#models/kernel/write';
import { createPlanting, recordHarvest } from '#models/field/planting';
import { LotModel } from '#models/lots/lot';
import { adjustAsWeighed, closeRun, openRun, recordIntake } from '#models/plant';
import { issueToken } from '#models/town/api-token';
import { OrganizationModel } from '#models/town/organization';
import { ProductModel } from '#models/town/product';
import { ContractModel } from '#models/trade/contract';
import { confirmDelivery, submitDelivery } from '#models/trade/delivery';
import { DEMO_PLANT_TOKEN } from './accounts';
import { makeProduct } from './factories';

interface Demo {
  town: { _id: Types.ObjectId };
  villages: Record<string, { _id: Types.ObjectId }>;
  products: Record<string, { _id: Types.ObjectId }>;
  orgs: Record<string, { _id: Types.ObjectId; townId: Types.ObjectId | null }>;
  users: Record<string, { _id: Types.ObjectId; username: string }>;
}

const at = (day: string, hour: number, minute = 0) =>
  new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);

export async function seedPlant(d: Demo) {
  const townId = d.town._id;
  const { fengqi, jiutian, plant, government } = d.orgs;
  const actor = (
    user: { _id: Types.ObjectId; username: string },
    role: string,
    org: { _id: Types.ObjectId },
  ): Actor => ({
    userId: user._id,
    username: user.username,
    role,
    orgId: org._id,
    townId,
  });
  const scope = (org: { _id: Types.ObjectId }) => ({ access: 'own' as const, townId, orgId: org._id });
  const official = actor(d.users.official, 'official', government);
  const clerk = actor(d.users.plant, 'plant', plant);
  const coop = actor(d.users.coopFengqi, 'cooperative', fengqi);
  const buyer = actor(d.users.entJiutian, 'enterprise', jiutian);

  // the plant receives for 九天 and takes toll processing; the catalog knows its rules and band
  await updateRecord(
    OrganizationModel,
    { _id: plant._id },
    { servesOrgId: jiutian._id, tollProcessing: true },
    official,
  );
  await updateRecord(
    ProductModel,
    { _id: d.products.freshKudzu._id },
    {
      intakeRules: [
        { kind: 'linear', measure: 'impurity', allowedPct: 2, factor: 1 },
        { kind: 'reject', measure: 'impurity', abovePct: 8 },
        { kind: 'reject', measure: 'moisture', abovePct: 75 },
      ],
    },
    official,
  );
  await updateRecord(
    ProductModel,
    { _id: d.products.kudzuStarch._id },
    { runYieldPct: { min: 12, max: 22 } },
    official,
  );
  const residue = await makeProduct(townId, {
    code: 'GGZ',
    name: '葛渣',
    nameEn: 'Kudzu residue',
    category: 'processed',
    unit: 'kg',
  });

  // 舒家坪村's kudzu, dug in November, in truckloads
  const planting = await createPlanting(
    scope(fengqi),
    {
      villageId: String(d.villages['舒家坪村']!._id),
      productId: String(d.products.freshKudzu._id),
      areaMu: 60,
      households: 21,
      plantedOn: '2025-03-18',
      plotName: '舒家坪后山',
      notes: '',
    },
    coop,
  );
  const loads: Array<[string, number]> = [
    ['2026-11-09', 9_800],
    ['2026-11-12', 11_200],
    ['2026-11-16', 10_400],
    ['2026-11-19', 12_600],
    ['2026-11-24', 9_500],
    ['2026-11-27', 10_900],
    ['2026-11-30', 8_700],
  ];
  const lots: string[] = [];
  for (const [day, kg] of loads) {
    const h = await recordHarvest(
      scope(fengqi),
      planting._id,
      { harvestedOn: day, quantity: kg, unit: 'kg', grade: 'grade1', notes: '' },
      coop,
    );
    if (!h?.ok) throw new Error(`demo harvest refused: ${JSON.stringify(h)}`);
    lots.push(h.lotCode);
  }
  const contract = (await ContractModel.findOne({
    buyerOrgId: jiutian._id,
    sellerOrgId: fengqi._id,
    status: 'active',
  }).lean())!;

  // the season's trucks to the plant: weighed at the gate; 九天 confirms by the plant's ticket
  const weighings = [
    // gross, tare, moisture, impurity: the second weighs 2.5 % less than 凤栖 recorded (10,920 of 11,200 kg)
    { gross: 14_760.5, tare: 5_050, moisture: 13, impurity: 2.6 },
    { gross: 15_980.0, tare: 5_060, moisture: 13.5, impurity: 3.1 },
    { gross: 15_340.5, tare: 5_040, moisture: 12.8, impurity: 2.2 },
    { gross: 17_580.0, tare: 5_070, moisture: 13.2, impurity: 2.9 },
    { gross: 14_470.5, tare: 5_030, moisture: 13, impurity: 3.4 },
    { gross: 15_880.0, tare: 5_050, moisture: 13.6, impurity: 2.4 },
  ];
  const intakeLots: string[] = [];
  let n = 0;
  for (const [i, w] of weighings.entries()) {
    const [day, kg] = loads[i]!;
    const lot = (await LotModel.findOne({ code: lots[i] }).lean())!;
    const delivered = await submitDelivery(
      scope(fengqi),
      {
        contractId: contract._id,
        deliveredOn: day,
        weighTicket: `FQ${day.replaceAll('-', '')}`,
        plantOrgId: plant._id,
        grade: 'grade1',
        moisturePct: 13,
        impurityPct: 2,
        lines: [{ lotId: lot._id, quantity: kg }],
      },
      coop,
    );
    if (!delivered.ok) throw new Error(`demo plant delivery refused: ${JSON.stringify(delivered)}`);
    n += 1;
    const ticket = await recordIntake(
      scope(plant),
      {
        number: `LFT-2026-${String(n).padStart(4, '0')}`,
        weighedAt: at(day, 9 + (n % 5), 15),
        deliveryId: String(delivered.value.id),
        lots: [],
        grossKg: w.gross,
        tareKg: w.tare,
        moisturePct: w.moisture,
        impurityPct: w.impurity,
        grade: 'grade1',
        source: i % 2 ? 'api' : 'form',
      },
      clerk,
    );
    if (!ticket.ok) throw new Error(`demo ticket refused: ${JSON.stringify(ticket)}`);
    intakeLots.push(ticket.value.lotCode);
    // 九天 confirms all but the last as weighed at its plant; 凤栖 accepts
    if (i < weighings.length - 1) {
      const adjusted = await adjustAsWeighed(scope(jiutian), delivered.value.id, buyer);
      if (!adjusted.ok) throw new Error(`demo as-weighed refused: ${JSON.stringify(adjusted)}`);
      const accepted = await confirmDelivery(scope(fengqi), delivered.value.id, coop, { now: at(day, 17) });
      if (!accepted.ok) throw new Error(`demo acceptance refused: ${JSON.stringify(accepted)}`);
    }
  }
  // the last truck is on its way: sent to the plant, not yet weighed
  const [lastDay, lastKg] = loads[loads.length - 1]!;
  const last = (await LotModel.findOne({ code: lots[lots.length - 1] }).lean())!;
  await submitDelivery(
    scope(fengqi),
    {
      contractId: contract._id,
      deliveredOn: lastDay,
      weighTicket: `FQ${lastDay.replaceAll('-', '')}`,
      plantOrgId: plant._id,
      grade: 'grade1',
      moisturePct: 13,
      impurityPct: 2,
      lines: [{ lotId: last._id, quantity: lastKg }],
    },
    coop,
  );

  // toll processing: 凤栖 brings 2,000 kg of its own kudzu, for 0.12 元 per kg
  const own = await recordHarvest(
    scope(fengqi),
    planting._id,
    { harvestedOn: '2026-11-20', quantity: 3_500, unit: 'kg', grade: 'grade2', notes: '社员自留' },
    coop,
  );
  if (!own?.ok) throw new Error('demo toll harvest refused');
  const toll = await recordIntake(
    scope(plant),
    {
      number: `LFT-2026-${String(++n).padStart(4, '0')}`,
      weighedAt: at('2026-11-21', 14),
      lots: [{ code: own.lotCode, kg: 2_000 }],
      grossKg: 7_012.4,
      tareKg: 5_040,
      moisturePct: 13,
      impurityPct: 1.5,
      grade: 'grade2',
      feeFenPerKg: 12,
      notes: '来料加工，葛根粉归凤栖合作社',
    },
    clerk,
  );
  if (!toll.ok) throw new Error(`demo toll ticket refused: ${JSON.stringify(toll)}`);

  // runs: two closed into 葛根粉 and 葛渣 (the second flagged: 24 % is more than starch gives),
  // the toll batch closed back to 凤栖, and one still settling
  const run = async (codes: Array<{ code: string; kg?: number }>, opened: Date) => {
    const r = await openRun(scope(plant), { lots: codes }, clerk, { now: opened });
    if (!r.ok) throw new Error(`demo run refused: ${JSON.stringify(r)}`);
    return r.value.id;
  };
  const close = async (id: Types.ObjectId, mainKg: number, byKg: number, wasteKg: number, closed: Date) => {
    const r = await closeRun(
      scope(plant),
      id,
      {
        mainProductId: String(d.products.kudzuStarch._id),
        mainKg,
        byProductId: String(residue._id),
        byKg,
        wasteKg,
      },
      clerk,
      { now: closed },
    );
    if (!r.ok) throw new Error(`demo run close refused: ${JSON.stringify(r)}`);
  };
  const kgOf = async (code: string) => (await LotModel.findOne({ code }).lean())!.quantity;
  const first = await run([{ code: intakeLots[0]! }, { code: intakeLots[1]! }], at('2026-11-13', 8));
  const firstIn = (await kgOf(intakeLots[0]!)) + (await kgOf(intakeLots[1]!));
  await close(first, Math.round(firstIn * 0.181), Math.round(firstIn * 0.27), 120, at('2026-11-18', 16));
  const second = await run([{ code: intakeLots[2]! }], at('2026-11-17', 8));
  const secondIn = await kgOf(intakeLots[2]!);
  await close(second, Math.round(secondIn * 0.24), Math.round(secondIn * 0.25), 80, at('2026-11-22', 16));
  const tollRun = await run([{ code: toll.value.lotCode }], at('2026-11-22', 8));
  await close(tollRun, 352, 540, 30, at('2026-11-26', 16));
  await run([{ code: intakeLots[3]! }, { code: intakeLots[4]!, kg: 5_000 }], at('2026-11-28', 8));

  await issueToken(
    { townId, orgId: plant._id, role: 'plant', name: '地磅软件对接（演示）' },
    { ...SYSTEM_ACTOR, ...clerk },
    DEMO_PLANT_TOKEN,
  );
}
