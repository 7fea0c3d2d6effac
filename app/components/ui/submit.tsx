// What every form that changes something carries: a one-time key, so that however often the
// post is sent (a double tap, a retry on a weak signal) it is carried out once; the form token
// (app/utils/csrf.server.ts); and a button that says it is working and takes no second press
// meanwhile. Without JavaScript the form is a plain form; the key still makes a repeat harmless.
import { useActionData, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from '~/i18n/react';

/**
 * The hidden fields every form that posts carries: the one-time key (`form` tells apart two
 * forms of one page) and the form token for browsers that send no Origin header.
 */
export function FormGuard({ form }: { form: string }) {
  const root = useRouteLoaderData<{ onceKey?: string; formToken?: string }>('root');
  const suffix = form.replace(/[^A-Za-z0-9]/g, '').slice(0, 24);
  // A key stays bound to the request that first carried it, refused or not (decision 0011), and
  // a refusal does not run the root loader again: each answer the page gets moves its forms on
  // to a key of their own, so the corrected form is a new request. (Without JavaScript the
  // answer is a new page, with a new key.)
  const answer = useActionData();
  const last = useRef(answer);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (answer === last.current) return;
    last.current = answer;
    setRound((r) => r + 1);
  }, [answer]);
  return (
    <>
      {root?.formToken ? <input type="hidden" name="_csrf" value={root.formToken} /> : null}
      {root?.onceKey ? (
        <input
          type="hidden"
          name="_once"
          value={`${root.onceKey}_${suffix}${round ? `_${round % 1000}` : ''}`}
        />
      ) : null}
    </>
  );
}

/** True while a form post of this page is on its way. */
export function useSubmitting() {
  const navigation = useNavigation();
  return (
    navigation.state !== 'idle' && !!navigation.formMethod && navigation.formMethod.toUpperCase() !== 'GET'
  );
}

export function SubmitButton({
  children,
  className,
  name,
  value,
}: {
  children: ReactNode;
  className?: string;
  name?: string;
  value?: string;
}) {
  const { t } = useTranslation();
  const busy = useSubmitting();
  return (
    <button
      type="submit"
      className={className}
      name={name}
      value={value}
      disabled={busy}
      aria-busy={busy || undefined}
    >
      {busy ? t('form.saving') : children}
    </button>
  );
}
