import { parseWithZod } from '@conform-to/zod/v4';
import { data } from '@remix-run/node';
import type { Submission as ConformSubmission } from '@conform-to/react';
import type { z } from 'zod';
import { DuplicateKeyError } from '#models/common';

/** Parses a posted form with the same zod schema the page's form uses. */
export async function parseForm<Schema extends z.ZodType>(request: Request, schema: Schema) {
  const formData = await request.formData();
  return { formData, submission: parseWithZod(formData, { schema }) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Submission = ConformSubmission<any>;

/** 400 with the submission's field errors, for the form to show next to its fields. */
export function invalid(submission: Submission, fieldErrors?: Record<string, string[]>) {
  return data({ result: submission.reply(fieldErrors ? { fieldErrors } : undefined) }, { status: 400 });
}

/**
 * Runs a write and turns a unique-index collision into a field error on the named form
 * field (a duplicate name or code is the user's mistake, never a 500).
 */
export async function withDuplicateCheck<T>(
  submission: Submission,
  write: () => Promise<T>,
  fieldMessages: Record<string, string>,
): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof invalid> }> {
  try {
    return { ok: true, value: await write() };
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    const fieldErrors: Record<string, string[]> = {};
    for (const field of error.fields) fieldErrors[field] = [fieldMessages[field] ?? 'v.duplicate'];
    return { ok: false, response: invalid(submission, fieldErrors) };
  }
}

/** The intent of a multi-button form (archive / restore), validated against a list. */
export function intentOf<const T extends readonly string[]>(
  formData: FormData,
  allowed: T,
): T[number] | null {
  const intent = formData.get('intent');
  return typeof intent === 'string' && (allowed as readonly string[]).includes(intent) ? intent : null;
}
