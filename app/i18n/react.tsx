// The translator for React components: the root puts the page's language in context, and
// components ask for `t` (and the language, for Intl formatting) with useTranslation().
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_LANGUAGE, hasMessages, loadMessages, translator, type Language, type TFunction } from '.';

interface I18n {
  t: TFunction;
  lng: Language;
}

const I18nContext = createContext<I18n>({ t: translator(DEFAULT_LANGUAGE), lng: DEFAULT_LANGUAGE });

export function I18nProvider({ lng, children }: { lng: Language; children: ReactNode }) {
  // The browser starts with the page's language loaded (entry.client). When the language
  // changes without a reload (the switch, or signing in as a user who reads English), its
  // words are fetched and the page renders again once they are here.
  const [loaded, setLoaded] = useState(() => hasMessages(lng));
  useEffect(() => {
    if (hasMessages(lng)) return setLoaded(true);
    setLoaded(false);
    let current = true;
    void loadMessages(lng).then(() => current && setLoaded(true));
    return () => {
      current = false;
    };
  }, [lng]);
  const value = useMemo(() => ({ t: translator(lng), lng }), [lng, loaded]); // eslint-disable-line react-hooks/exhaustive-deps
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useTranslation(): I18n {
  return useContext(I18nContext);
}
