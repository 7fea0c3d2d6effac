// i18next set-up. Every feature keeps its words in app/i18n/messages/<feature>.ts as
// { zh, en }; they are merged here. Both languages are bundled (they are small), so the
// instance initialises synchronously on the server and in the browser alike.
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import common from './messages/common';
import masterData from './messages/master-data';
import audit from './messages/audit';
import herd from './messages/herd';
import imports from './messages/imports';
import lots from './messages/lots';
import plantings from './messages/plantings';

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh';
export const LANGUAGE_COOKIE = 'xl_lng';

const bundles = [common, masterData, audit, plantings, lots, herd, imports];

export const resources = Object.fromEntries(
  LANGUAGES.map((lng) => [lng, { translation: Object.assign({}, ...bundles.map((b) => b[lng])) }]),
) as Record<Language, { translation: Record<string, unknown> }>;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

const instances = new Map<Language, i18n>();

/** The i18next instance for a language; made once (its words never change while running). */
export function createI18n(lng: Language): i18n {
  const existing = instances.get(lng);
  if (existing) return existing;
  const instance = i18next.createInstance();
  instances.set(lng, instance);
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    resources,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** BCP 47 tag for Intl formatting and <html lang>. */
export const localeTag = (lng: Language) => (lng === 'en' ? 'en-US' : 'zh-CN');
