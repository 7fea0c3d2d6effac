// What the shipment's and the store's pages share on the server: the code in the address, and a
// logger's file uploaded to either (the report of what was stored, or the file's error).
import { data } from '@remix-run/node';
import { uploadLoggerFileCommand } from '#models/coldchain';
import type { UploadAnswer } from '~/components/coldchain/forms';
import type { SessionUser } from './auth.server';
import { callerOf, execute } from './commands.server';
import { readUpload } from './imports/request.server';
import { notFound, requirePermission } from './permissions.server';

/** A shipment's or a store's code from the address; anything else is not found. */
export function subjectCode(params: { code?: string }) {
  const code = (params.code ?? '').toUpperCase();
  if (!/^[A-Z0-9-]{3,40}$/.test(code)) notFound();
  return code;
}

export const isUpload = (request: Request) =>
  (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data');

/** A logger's export posted to a shipment's or a store's page. */
export async function uploadAnswer(
  request: Request,
  user: SessionUser,
  kind: 'shipment' | 'store',
  code: string,
) {
  requirePermission(user, 'write', 'reading');
  const upload = await readUpload(request);
  if (!upload.ok) return data({ upload: { error: upload.error } as UploadAnswer }, { status: 400 });
  if (!upload.file) return data({ upload: { error: 'reading.noFile' } as UploadAnswer }, { status: 400 });
  const outcome = await execute(uploadLoggerFileCommand, callerOf(user, upload.form), {
    kind,
    code,
    file: { name: upload.file.name, bytes: new Uint8Array(await upload.file.arrayBuffer()) },
  });
  if (!outcome.ok) {
    if (outcome.code === 'notFound' || outcome.code === 'forbidden') notFound();
    return data(
      { upload: { error: Object.values(outcome.errors).flat()[0] } as UploadAnswer },
      { status: 422 },
    );
  }
  return data({ upload: { report: outcome.value } as UploadAnswer });
}
