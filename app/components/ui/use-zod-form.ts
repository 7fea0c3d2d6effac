import { useForm, type SubmissionResult } from '@conform-to/react';
import { useLocation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import type { z } from 'zod';

/**
 * Conform for a form whose action validates with a zod schema (S, a type only). The server
 * validates; its answer (lastResult) puts each message next to its field, with JavaScript or
 * without. The browser does not validate on its own: zod stays on the server (the form pages
 * ship a third less JavaScript), and no message appears or vanishes while the user moves
 * between fields, so nothing shifts under a finger on its way to the submit button.
 *
 * A post that succeeds redirects (back to this page, often); the form is then reset to its
 * defaults as they are now (a payment form to what is still owed), with no message left over
 * from an earlier refusal — with JavaScript as without, where the page arrives new. Nothing
 * stays filled in for a second tap to send again.
 */
export function useZodForm<S extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  id: string,
  lastResult: SubmissionResult<string[]> | null | undefined,
  defaultValue?: Record<string, unknown>,
) {
  const [form, fields] = useForm<z.input<S>, z.output<S>>({
    id,
    lastResult,
    defaultValue: defaultValue as never,
    shouldValidate: 'onSubmit',
  });
  const location = useLocation();
  const seen = useRef(location.key);
  // only this form's own post is followed by a reset (another form of the page, such as the
  // language switch, leaves what is typed here alone)
  const sent = useRef(false);
  useEffect(() => {
    const onSubmit = (event: Event) => {
      if ((event.target as HTMLFormElement | null)?.id === form.id) sent.current = true;
    };
    document.addEventListener('submit', onSubmit, true);
    return () => document.removeEventListener('submit', onSubmit, true);
  }, [form.id]);
  useEffect(() => {
    if (seen.current === location.key) return;
    seen.current = location.key;
    const redirected = (location.state as { _isRedirect?: boolean } | null)?._isRedirect;
    // a native reset: the inputs go back to their defaults and Conform, which listens for it,
    // clears its messages and takes the defaults as they are now
    if (redirected && sent.current) (document.getElementById(form.id) as HTMLFormElement | null)?.reset();
    sent.current = false;
  }, [location.key, location.state, form.id]);
  return [form, fields] as const;
}

/**
 * The server's answer for the form that was sent, when a page has several forms posting to one
 * action: the answer belongs to the form whose `intent` it carries, and the others stay clean
 * (an overpayment's message under the payment, not under the correction beside it too).
 */
export function resultFor(
  result: SubmissionResult<string[]> | null | undefined,
  ...intents: string[]
): SubmissionResult<string[]> | undefined {
  const sent = (result?.initialValue as Record<string, unknown> | null | undefined)?.intent;
  return result && typeof sent === 'string' && intents.includes(sent) ? result : undefined;
}
