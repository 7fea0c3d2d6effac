// Every word of the UI in English, one file per feature; the browser loads only its user's language.
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
import dashboard from './dashboard';
import plant from './plant';

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
  ...dashboard,
  ...plant,
};
