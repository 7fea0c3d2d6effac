import { useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { coerceFormValue } from '~/schemas/coerce';
import type { z } from 'zod';

/**
 * Conform wired to a zod schema: the browser validates with the same schema the action uses,
 * and server errors (lastResult) land next to their fields. Without JavaScript the server's
 * answer is all there is, which is enough.
 */
export function useZodForm<S extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  id: string,
  schema: S,
  lastResult: SubmissionResult<string[]> | null | undefined,
  defaultValue?: Record<string, unknown>,
) {
  return useForm<z.input<S>, z.output<S>>({
    id,
    lastResult,
    defaultValue: defaultValue as never,
    constraint: getZodConstraint(schema as never),
    // the same reading of numbers as the server's (coerce.ts), so both give the same message
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: coerceFormValue(schema as never), disableAutoCoercion: true }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
}
