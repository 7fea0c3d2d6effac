import { useTranslation } from '~/i18n/react';
import type { Language } from '~/i18n';

/** The UI language, for Intl formatting. */
export function useLanguage(): Language {
  return useTranslation().lng;
}
