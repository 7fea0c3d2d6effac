import { RemixBrowser } from '@remix-run/react';
import { startTransition, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { DEFAULT_LANGUAGE, loadMessages, WORD_CHUNKS, type WordChunk } from './i18n';

// Only the page's language travels to the browser; its words are here before React takes over.
const lng = document.documentElement.lang.startsWith('en') ? 'en' : DEFAULT_LANGUAGE;
// and the chunks of words the page's routes named (root.tsx writes them on <html>)
const words = (document.documentElement.dataset.words ?? '')
  .split(' ')
  .filter((w): w is WordChunk => (WORD_CHUNKS as readonly string[]).includes(w));
void loadMessages(lng, words).then(() =>
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  }),
);
