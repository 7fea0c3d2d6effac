// A photo posted with a form (a printed weigh ticket): read apart from the fields, an image by
// its bytes (never its name or declared type), at most 2 MB.
import { data } from '@remix-run/node';
import { imageType, PHOTO_MAX_BYTES } from '#models/trade';
import { readForm } from './forms.server';

export type Photo = { contentType: 'image/jpeg' | 'image/png' | 'image/webp'; bytes: Uint8Array };

/** The form of a page that takes a photo, or null when the whole post is too large (answer 413). */
export async function readPhotoForm(request: Request): Promise<FormData | null> {
  try {
    return await readForm(request, { maxBytes: PHOTO_MAX_BYTES + 64 * 1024 });
  } catch (error) {
    if ((error as { init?: { status?: number } })?.init?.status !== 413) throw error;
    return null;
  }
}

/** The answer to a post too large for its photo (the page says so beside the photo field). */
export const photoTooLarge = () => data({ photoTooLarge: true as const }, { status: 413 });

/**
 * Takes the photo field out of the form: the photo, none (`undefined`), or the message key of
 * why it is refused.
 */
export async function takePhoto(form: FormData, field = 'photo'): Promise<{ photo?: Photo; error?: string }> {
  const file = form.get(field);
  form.delete(field);
  if (file === null || (typeof file === 'string' && file === '')) return {};
  if (!(file instanceof File)) return { error: 'delivery.photoType' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength === 0) return {};
  const contentType = imageType(bytes);
  if (!contentType) return { error: 'delivery.photoType' };
  if (bytes.byteLength > PHOTO_MAX_BYTES) return { error: 'delivery.photoTooLarge' };
  return { photo: { contentType, bytes } };
}
