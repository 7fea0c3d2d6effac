// What every form that changes something carries: a one-time key, so that however often the
// post is sent (a double tap, a retry on a weak signal) it is carried out once, and a button
// that says it is working and takes no second press meanwhile. Without JavaScript the form is
// a plain form; the key still makes a repeated post harmless.
import { useNavigation, useRouteLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The hidden one-time key; `form` tells apart two forms of one page. */
export function OnceField({ form }: { form: string }) {
  const root = useRouteLoaderData<{ onceKey?: string }>('root');
  if (!root?.onceKey) return null;
  const suffix = form.replace(/[^A-Za-z0-9]/g, '').slice(0, 24);
  return <input type="hidden" name="_once" value={`${root.onceKey}_${suffix}`} />;
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
