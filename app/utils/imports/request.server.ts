import { readForm } from '../forms.server';
import { MAX_UPLOAD_BYTES } from './parse.server';

export type UploadResult = { ok: true; form: FormData; file: File | null } | { ok: false; error: string };

const tooLarge = `import.tooLarge|${JSON.stringify({ mb: MAX_UPLOAD_BYTES / 1024 / 1024 })}`;

/**
 * Reads an upload like any form (multipart only, the form token, limits): a file over 10 MB
 * is refused as it streams in, with a message on the page. The file's name is kept for the
 * history; it decides nothing.
 */
export async function readUpload(request: Request): Promise<UploadResult> {
  let form: FormData;
  try {
    form = await readForm(request, { maxBytes: MAX_UPLOAD_BYTES + 64 * 1024 });
  } catch (error) {
    if ((error as { init?: { status?: number } })?.init?.status === 413)
      return { ok: false, error: tooLarge };
    throw error;
  }
  const file = form.get('file');
  return { ok: true, form, file: file instanceof File && file.size > 0 ? file : null };
}
