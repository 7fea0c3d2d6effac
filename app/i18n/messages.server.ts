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

/** A language's words with the audit trail's field names, which only the server needs. */
const withAuditFields = (m: Messages, fields: Messages): Messages => ({
  ...m,
  audit: { ...(m.audit as Messages), ...fields },
});

export const resources: Record<Language, Messages> = {
  zh: mergeMessages(mergeMessages(withAuditFields(zh, zhAuditFields), zhPlant), zhDashboard),
  en: mergeMessages(mergeMessages(withAuditFields(en, enAuditFields), enPlant), enDashboard),
};
registerMessages('zh', resources.zh);
registerMessages('en', resources.en);

/** The translator for server code (audit summaries, error pages). */
export const serverT = (lng: Language) => translator(lng);
