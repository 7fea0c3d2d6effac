// The demo town, modelled on 利福塔镇 (桑植县, Hunan). `npm start` and `npm run seed` load it
// into an empty database; the end-to-end tests use it too.
import { makeOrg, makeProduct, makeTown, makeUser, makeVillage } from './index';

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

export async function buildDemoTown() {
  const town = await makeTown({ name: '利福塔镇', code: 'LFT', county: '桑植县', countyCode: '430822' });
  const villages = Object.fromEntries(
    await Promise.all(
      (
        [
          ['青龙村', 412],
          ['凤栖村', 386],
          ['金家台村', 298],
          ['赤溪村', 335],
          ['舒家坪村', 267],
          ['白龙村', 451],
        ] as const
      ).map(async ([name, households]) => [name, await makeVillage(town._id, { name, households })] as const),
    ),
  );
  const id = (name: string) => String(villages[name]._id);

  const products = {
    freshKudzu: await makeProduct(town._id, {
      code: 'GG',
      name: '鲜葛根',
      nameEn: 'Fresh kudzu root',
      category: 'crop',
      unit: 'kg',
      minC: 4,
      maxC: 15,
      toleranceMinutes: 120,
      humidityMin: 85,
      humidityMax: 95,
      yieldMinKgPerMu: 2000,
      yieldMaxKgPerMu: 3000,
    }),
    kudzuStarch: await makeProduct(town._id, {
      code: 'GGF',
      name: '葛根粉',
      nameEn: 'Kudzu starch',
      category: 'processed',
      unit: 'kg',
      minC: 0,
      maxC: 25,
      toleranceMinutes: 240,
      humidityMax: 65,
    }),
    sweetPotato: await makeProduct(town._id, {
      code: 'XXS',
      name: '小香薯',
      nameEn: 'Mini sweet potato',
      category: 'crop',
      unit: 'kg',
      minC: 12.5,
      maxC: 15,
      toleranceMinutes: 60,
      humidityMin: 85,
      humidityMax: 90,
      yieldMinKgPerMu: 1000,
      yieldMaxKgPerMu: 2500,
    }),
    livePig: await makeProduct(town._id, {
      code: 'SZ',
      name: '生猪',
      nameEn: 'Live pig',
      category: 'livestock',
      unit: 'head',
      minC: 5,
      maxC: 30,
      toleranceMinutes: 60,
    }),
    chilledPork: await makeProduct(town._id, {
      code: 'LXZR',
      name: '冷鲜猪肉',
      nameEn: 'Chilled pork',
      category: 'meat',
      unit: 'kg',
      minC: 0,
      maxC: 4,
      toleranceMinutes: 30,
    }),
    frozenPork: await makeProduct(town._id, {
      code: 'DZR',
      name: '冷冻猪肉',
      nameEn: 'Frozen pork',
      category: 'meat',
      unit: 'kg',
      maxC: -18,
      toleranceMinutes: 30,
    }),
  };

  const platform = await makeOrg(null, { type: 'platform', name: '乡链平台运营' });
  const orgs = {
    government: await makeOrg(town._id, {
      type: 'government',
      name: '利福塔镇人民政府',
      contactName: '镇农业办',
    }),
    qinglong: await makeOrg(town._id, {
      type: 'cooperative',
      name: '青龙村小香薯专业合作社',
      contactName: '向明华',
      phone: '0744-6221001',
      villageIds: [id('青龙村')],
      memberHouseholds: 86,
    }),
    fengqi: await makeOrg(town._id, {
      type: 'cooperative',
      name: '凤栖葛根种植专业合作社',
      contactName: '钟桂英',
      phone: '0744-6221002',
      villageIds: [id('凤栖村'), id('金家台村'), id('赤溪村'), id('舒家坪村')],
      memberHouseholds: 143,
    }),
    jiutian: await makeOrg(town._id, {
      type: 'enterprise',
      name: '张家界九天食品有限公司',
      level: 'provincial',
    }),
    xiangziwei: await makeOrg(town._id, {
      type: 'enterprise',
      name: '张家界市乡滋味农产品有限公司',
      level: 'city',
    }),
    plant: await makeOrg(town._id, {
      type: 'plant',
      name: '利福塔葛根加工厂',
      owner: '张家界九天食品有限公司',
    }),
    carrier: await makeOrg(town._id, { type: 'carrier', name: '利福塔冷链物流' }),
    kangqian: await makeOrg(town._id, {
      type: 'base',
      name: '康茜公司三岔湾养殖基地',
      villageId: id('白龙村'),
      site: '白龙村三岔湾',
      species: ['pig'],
    }),
  };

  const users = {
    admin: await makeUser(platform, 'admin', { username: 'admin', displayName: '系统管理员' }),
    official: await makeUser(orgs.government, 'official', { username: 'official', displayName: '李镇长' }),
    coopQinglong: await makeUser(orgs.qinglong, 'cooperative', {
      username: 'coop-qinglong',
      displayName: '向明华',
    }),
    coopFengqi: await makeUser(orgs.fengqi, 'cooperative', {
      username: 'coop-fengqi',
      displayName: '钟桂英',
    }),
    entJiutian: await makeUser(orgs.jiutian, 'enterprise', {
      username: 'ent-jiutian',
      displayName: '九天采购部',
    }),
    entXiangziwei: await makeUser(orgs.xiangziwei, 'enterprise', {
      username: 'ent-xiangziwei',
      displayName: '乡滋味采购部',
    }),
    plant: await makeUser(orgs.plant, 'plant', { username: 'plant-jiutian', displayName: '加工厂过磅员' }),
    carrier: await makeUser(orgs.carrier, 'carrier', { username: 'carrier-lft', displayName: '冷链调度' }),
    base: await makeUser(orgs.kangqian, 'base', { username: 'base-kangqian', displayName: '康茜基地场长' }),
  };

  return { town, villages, products, platform, orgs, users };
}
