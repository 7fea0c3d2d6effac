import { RemixBrowser } from '@remix-run/react';
import { startTransition, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { DEFAULT_LANGUAGE, loadMessages } from './i18n';

// Only the page's language travels to the browser; its words are here before React takes over.
const lng = document.documentElement.lang.startsWith('en') ? 'en' : DEFAULT_LANGUAGE;
void loadMessages(lng).then(() =>
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  }),
);
