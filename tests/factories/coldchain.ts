// A town whose carrier ships the cooperative's lots to the enterprise under a 12.5–15 °C profile
// (小香薯's band), logging every 10 minutes: what the cold-chain tests start from.
import { Types } from 'mongoose';
import { ProductModel } from '#models/town/product';
import { createShipment, departShipment } from '#models/coldchain';
import { actorFor, deliveryWorld } from './deliveries';

export const SWEET_POTATO_BAND = {
  minC: 12.5,
  maxC: 15,
  toleranceMinutes: 30,
  budgetMinutes: 120,
  intervalMinutes: 10,
  humidityMin: null,
  humidityMax: null,
};

/** A Shanghai wall time typed in a form ('2026-11-08T07:30'). */
export const shanghai = (wall: string) => new Date(`${wall}:00+08:00`);

export async function coldWorld() {
  const w = await deliveryWorld();
  await ProductModel.updateOne({ _id: w.kudzu._id }, { $set: { coldChain: SWEET_POTATO_BAND } });
  const carrierScope = { access: 'own' as const, townId: w.town._id, orgId: w.orgs.carrier._id };
  const consigneeScope = w.entScope;
  const carrier = actorFor(w.users.carrier as never);
  const enterprise = w.ent;
  /** A shipment of a new lot from the cooperative to the enterprise, planned to leave at `departure`. */
  const ship = async (kg = 1000, departure = new Date(Date.now() - 6 * 3600_000), extra = {}) => {
    const lot = await w.lot(kg);
    const s = await createShipment(
      carrierScope,
      {
        lotCodes: [{ code: lot.code }],
        vehiclePlate: '贵A12345',
        driverName: '王师傅',
        driverPhone: '13800000000',
        originOrgId: String(w.orgs.cooperative._id),
        originAddress: '',
        destinationOrgId: String(w.orgs.enterprise._id),
        destinationAddress: '',
        consigneeOrgId: String(w.orgs.enterprise._id),
        plannedDepartureAt: departure,
        notes: '',
        ...extra,
      },
      carrier,
    );
    if (!s.ok) throw new Error(`shipment refused: ${JSON.stringify(s)}`);
    return { ...s.value, lot };
  };
  /** …and gone, loaded at `departure`. */
  const shipAndDepart = async (departure = new Date(Date.now() - 6 * 3600_000)) => {
    const s = await ship(1000, departure);
    const d = await departShipment(
      carrierScope,
      s.id,
      { at: departure, handedBy: '李会计', receivedBy: '王师傅', tempC: 13.5 },
      carrier,
    );
    if (!d.ok) throw new Error(`departure refused: ${JSON.stringify(d)}`);
    return s;
  };
  return {
    ...w,
    carrierScope,
    consigneeScope,
    carrier,
    enterprise,
    ship,
    shipAndDepart,
    newId: () => new Types.ObjectId(),
  };
}
