// Reading form posts. Whatever arrives — another content type, a broken encoding, a body too
// large, field names no form has — gets a 4xx answer with a clear message, never a 500, and
// is never half-read into a write.
import { parseWithZod } from '@conform-to/zod/v4';
import {
  data,
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
} from '@remix-run/node';
import type { Submission as ConformSubmission } from '@conform-to/react';
import type { z } from 'zod';
import { DuplicateKeyError } from '#models/kernel/common';
import { WriteRefused } from '#models/kernel/write';
import { coerceFormValue } from '~/schemas/coerce';
import { verifyFormToken } from './csrf.server';

/** Forms are small; uploads have their own limit (imports). */
export const FORM_MAX_BYTES = 256 * 1024;
/** Fields every form may carry besides its schema's: the one-time key and a button's intent. */
const META_FIELDS = new Set(['_once', '_csrf', 'intent']);

function refuse(status: 400 | 413 | 415, error: string): never {
  // the rest of a body we stopped reading is not worth reading: close rather than reuse
  throw data({ error }, { status, headers: status === 415 ? undefined : { Connection: 'close' } });
}

const mediaType = (request: Request) =>
  (request.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();

/** The body's bytes, refusing more than `maxBytes` while it streams in. */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('Content-Length') ?? '');
  if (declared > maxBytes) refuse(413, 'payload_too_large');
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        refuse(413, 'payload_too_large');
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Response || (error as { type?: string })?.type === 'DataWithResponseInit')
      throw error;
    refuse(400, 'bad_request'); // the client broke off or sent garbage
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** application/x-www-form-urlencoded, strictly: bad percent escapes or UTF-8 are refused. */
function decodeUrlEncoded(bytes: Uint8Array): FormData {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    refuse(400, 'bad_encoding');
  }
  const form = new FormData();
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [name, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    form.append(percentDecode(name), percentDecode(value));
  }
  return form;
}

function percentDecode(text: string): string {
  const plus = text.replace(/\+/g, ' ');
  if (!plus.includes('%')) return plus;
  const out: number[] = [];
  const raw = new TextEncoder().encode(plus);
  for (let i = 0; i < raw.length; i += 1) {
    if (raw[i] === 0x25) {
      const hex = String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) refuse(400, 'bad_encoding');
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(raw[i]);
  }
  try {
    return utf8.decode(new Uint8Array(out));
  } catch {
    refuse(400, 'bad_encoding');
  }
}

/**
 * A form post: url-encoded or multipart only (415 otherwise), at most `maxBytes` (413), valid
 * encoding (400), with the form's token when the browser gave no other proof of origin (403).
 */
const SLICE = 64 * 1024;

/**
 * A large multipart body (an upload) parsed in slices, the event loop given back between
 * them: the platform's parser takes the whole body in one go (160 ms for 2 MB here, during
 * which no other request is answered).
 */
async function parseLargeMultipart(bytes: Uint8Array, contentType: string, maxBytes: number) {
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      await new Promise<void>((resolve) => setImmediate(resolve));
      controller.enqueue(bytes.subarray(offset, (offset += SLICE)));
    },
  });
  const request = new Request('http://localhost/', {
    method: 'POST',
    body,
    headers: { 'Content-Type': contentType },
    duplex: 'half',
  } as RequestInit);
  return parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: maxBytes }));
}

export async function readForm(request: Request, { maxBytes = FORM_MAX_BYTES } = {}): Promise<FormData> {
  const type = mediaType(request);
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
    refuse(415, 'unsupported_media_type');
  }
  const bytes = await readBody(request, maxBytes);
  let form: FormData;
  if (type === 'application/x-www-form-urlencoded') form = decodeUrlEncoded(bytes);
  else {
    const contentType = request.headers.get('Content-Type')!;
    try {
      form =
        bytes.byteLength > FORM_MAX_BYTES
          ? await parseLargeMultipart(bytes, contentType, maxBytes)
          : await new Response(bytes as BodyInit, { headers: { 'Content-Type': contentType } }).formData();
    } catch {
      refuse(400, 'bad_request');
    }
  }
  await verifyFormToken(request, form);
  return form;
}

/** The top-level field names a schema reads (through refinements, pipes and defaults). */
function fieldsOf(schema: z.ZodType): Set<string> | null {
  let s = schema as unknown as { _zod: { def: Record<string, unknown> } };
  for (let depth = 0; depth < 10; depth += 1) {
    const def = s._zod.def;
    if (def.type === 'object') return new Set(Object.keys(def.shape as object));
    const inner = (def.in ?? def.innerType ?? def.schema) as typeof s | undefined;
    if (!inner) return null;
    s = inner;
  }
  return null;
}

/**
 * Parses a form with the same zod schema the page's form uses. A field name no form of this
 * schema has (a forged `redirectTo[1000000]`, say) is refused before anything is parsed.
 */
export function parseSubmission<Schema extends z.ZodType>(formData: FormData, schema: Schema) {
  const allowed = fieldsOf(schema);
  if (allowed) {
    for (const name of new Set(formData.keys())) {
      if (!allowed.has(name) && !META_FIELDS.has(name)) refuse(400, 'unexpected_field');
    }
  }
  return parseWithZod(formData, { schema: coerceFormValue(schema), disableAutoCoercion: true });
}

/** Reads and parses a posted form (see readForm and parseSubmission). */
export async function parseForm<Schema extends z.ZodType>(request: Request, schema: Schema) {
  const formData = await readForm(request);
  return { formData, submission: parseSubmission(formData, schema) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Submission = ConformSubmission<any>;

/**
 * 400 with the submission's field errors, for the form to show next to its fields. What was
 * typed comes back so nothing is lost, except passwords: a password never travels back.
 */
export function invalid(submission: Submission, fieldErrors?: Record<string, string[]>) {
  const { '': formErrors, ...fields } = fieldErrors ?? {};
  const hideFields = Object.keys(submission.payload ?? {}).filter((name) => /password/i.test(name));
  return data(
    {
      result: submission.reply({
        ...(fieldErrors && { fieldErrors: fields, ...(formErrors && { formErrors }) }),
        hideFields,
      }),
    },
    { status: 400 },
  );
}

/**
 * Runs a write for a form and turns what the user can put right into messages on the form:
 * a unique-index collision onto the named field (a duplicate name or code), a write refused
 * (the form was already sent with other values, or someone changed the record meanwhile) onto
 * the form as a whole. Never a 500 for either.
 */
export async function saveForm<T>(
  submission: Submission,
  write: () => Promise<T>,
  fieldMessages: Record<string, string> = {},
): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof invalid> }> {
  try {
    return { ok: true, value: await write() };
  } catch (error) {
    if (error instanceof WriteRefused) return { ok: false, response: invalid(submission, error.errors) };
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
