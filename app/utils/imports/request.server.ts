import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import { MAX_UPLOAD_BYTES } from './parse.server';

export type UploadResult = { ok: true; form: FormData; file: File | null } | { ok: false; error: string };

const tooLarge = `import.tooLarge|${JSON.stringify({ mb: MAX_UPLOAD_BYTES / 1024 / 1024 })}`;

/** Reads a multipart upload, refusing files over the limit without buffering them. */
export async function readUpload(request: Request): Promise<UploadResult> {
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'multipart/form-data') throw data({ error: 'unsupported_media_type' }, { status: 415 });
  const length = Number(request.headers.get('Content-Length') ?? 0);
  if (length > MAX_UPLOAD_BYTES + 64 * 1024) return { ok: false, error: tooLarge };
  try {
    const form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }),
    );
    const file = form.get('file');
    return { ok: true, form, file: file instanceof File && file.size > 0 ? file : null };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: tooLarge };
    return { ok: false, error: 'import.notText' };
  }
}
