// Every word of the UI but the pages' own chunks (./plant.ts, ./dashboard.ts: see app/i18n/index.ts, WORD_CHUNKS) in English, one file per feature; the browser loads only its user's language.
import common from './common';
import masterData from './master-data';
import audit from './audit';
import plantings from './plantings';
import lots from './lots';
import herd from './herd';
import imports from './imports';
import contracts from './contracts';
import prices from './prices';
import deliveries from './deliveries';
import households from './households';

export default {
  ...common,
  ...masterData,
  ...audit,
  ...plantings,
  ...lots,
  ...herd,
  ...imports,
  ...contracts,
  ...prices,
  ...deliveries,
  ...households,
};
