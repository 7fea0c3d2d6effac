// The server knows both languages from the start: it renders pages in either.
import { registerMessages, translator, type Language, type Messages } from '.';
import en from './messages/en';
import zh from './messages/zh';

export const resources: Record<Language, Messages> = { zh, en };
registerMessages('zh', zh);
registerMessages('en', en);

/** The translator for server code (audit summaries, error pages). */
export const serverT = (lng: Language) => translator(lng);
