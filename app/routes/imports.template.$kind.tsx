import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/utils/auth.server';
import { resourceLoader } from '~/utils/resource.server';
import { importKind } from '~/utils/imports/index.server';
import { templateCsv, templateXlsx } from '~/utils/imports/parse.server';
import { notFound, requirePermission } from '~/utils/permissions.server';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_NAMES: Record<string, string> = {
  plantings: '种植记录模板',
  harvests: '采收记录模板',
  herd: '存栏变动模板',
  households: '农户名册模板',
};

export const loader = resourceLoader(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const kind = importKind(params.kind as never);
  if (!kind) notFound();
  requirePermission(user, 'write', kind.entity);
  const xlsx = new URL(request.url).searchParams.get('format') === 'xlsx';
  const name = encodeURIComponent(`${FILE_NAMES[kind.name] ?? kind.name}.${xlsx ? 'xlsx' : 'csv'}`);
  const body = xlsx
    ? await templateXlsx(kind.columns, FILE_NAMES[kind.name] ?? kind.name)
    : templateCsv(kind.columns);
  return new Response(body, {
    headers: {
      'Content-Type': xlsx ? XLSX_TYPE : 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename*=UTF-8''${name}`,
    },
  });
});
