// The server knows both languages from the start: it renders pages in either.
import { mergeMessages, registerMessages, translator, type Language, type Messages } from '.';
import en from './messages/en';
import zh from './messages/zh';
import enAuditFields from './messages/en/audit-fields';
import zhAuditFields from './messages/zh/audit-fields';
import enPlant from './messages/en/plant';
import zhPlant from './messages/zh/plant';
import enDashboard from './messages/en/dashboard';
import zhDashboard from './messages/zh/dashboard';
import enColdchain from './messages/en/coldchain';
import zhColdchain from './messages/zh/coldchain';

/** A language's words with the audit trail's field names, which only the server needs. */
const withAuditFields = (m: Messages, fields: Messages): Messages => ({
  ...m,
  audit: { ...(m.audit as Messages), ...fields },
});

export const resources: Record<Language, Messages> = {
  zh: [zhPlant, zhDashboard, zhColdchain].reduce(mergeMessages, withAuditFields(zh, zhAuditFields)),
  en: [enPlant, enDashboard, enColdchain].reduce(mergeMessages, withAuditFields(en, enAuditFields)),
};
registerMessages('zh', resources.zh);
registerMessages('en', resources.en);

/** The translator for server code (audit summaries, error pages). */
export const serverT = (lng: Language) => translator(lng);
