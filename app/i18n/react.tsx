// The translator for React components: the root puts the page's language in context, and
// components ask for `t` (and the language, for Intl formatting) with useTranslation().
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  DEFAULT_LANGUAGE,
  hasMessages,
  loadMessages,
  translator,
  type Language,
  type TFunction,
  type WordChunk,
} from '.';

interface I18n {
  t: TFunction;
  lng: Language;
}

const I18nContext = createContext<I18n>({ t: translator(DEFAULT_LANGUAGE), lng: DEFAULT_LANGUAGE });

export function I18nProvider({
  lng,
  words = [],
  children,
}: {
  lng: Language;
  /** the word chunks the page's routes name (a page reached without a reload fetches them) */
  words?: WordChunk[];
  children: ReactNode;
}) {
  // The browser starts with the page's language and chunks loaded (entry.client). When the
  // language changes without a reload (the switch, or signing in as a user who reads English),
  // or a page needs a chunk not yet here, the words are fetched and the page renders again.
  const key = words.join(' ');
  const [loaded, setLoaded] = useState(() => `${hasMessages(lng, words)}`);
  useEffect(() => {
    if (hasMessages(lng, words)) return setLoaded(`${lng} ${key}`);
    let current = true;
    void loadMessages(lng, words).then(() => current && setLoaded(`${lng} ${key}`));
    return () => {
      current = false;
    };
  }, [lng, key]); // eslint-disable-line react-hooks/exhaustive-deps
  const value = useMemo(() => ({ t: translator(lng), lng }), [lng, loaded]); // eslint-disable-line react-hooks/exhaustive-deps
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useTranslation(): I18n {
  return useContext(I18nContext);
}
