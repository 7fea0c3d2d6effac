// Printing several lots' QR labels at once: one label per lot, sized to cut out, with the
// code, product and date beside the code a phone scans.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from '~/i18n/react';
import { lotQrSvg, lotsByCodes, lotTraceUrl } from '#models/lots';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { requireUser } from '~/utils/auth.server';
import { formatDate, type Unit, formatWeight } from '~/utils/format';
import { useWeightUnit } from '~/utils/use-weight-unit';
import { productNames, publicOrigin } from '~/utils/lots.server';
import { requirePermission } from '~/utils/permissions.server';
import { useLanguage } from '~/utils/use-language';
import type { PageHandle } from '~/utils/page-handle';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'lot');
  const codes = new URL(request.url).searchParams.getAll('code').filter((c) => /^[A-Z0-9-]{3,40}$/.test(c));
  const lots = await lotsByCodes(scope, [...new Set(codes)]);
  const products = await productNames(lots.map((l) => l.productId));
  const labels = await Promise.all(
    lots.map(async (lot) => ({
      ...lot,
      product: products[lot.productId] ?? { zh: lot.productName, en: lot.productName },
      qrSvg: await lotQrSvg(lotTraceUrl(publicOrigin(), lot.code)),
    })),
  );
  return { labels };
}

export const handle: PageHandle = { scripts: false, title: 'lot.labelsTitle' };

export default function LabelsPage() {
  const { labels } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const shownIn = useWeightUnit();
  const lng = useLanguage();
  return (
    <>
      <p className="no-print actions">
        <Link to="/lots">← {t('lot.title')}</Link>
        <span className="muted">{t('lot.printHint', { count: labels.length })}</span>
      </p>
      {labels.length === 0 ? <p className="muted">{t('lot.noLabels')}</p> : null}
      <div className="labels">
        {labels.map((l) => (
          <figure key={l.id} className="label">
            <div role="img" aria-label={t('lot.qr')} dangerouslySetInnerHTML={{ __html: l.qrSvg }} />
            <figcaption>
              <strong>{l.product[lng]}</strong>
              <br />
              {l.code}
              <br />
              {formatWeight(lng, l.quantity, l.unit as Unit, shownIn)} · {formatDate(lng, l.producedAt)}
            </figcaption>
          </figure>
        ))}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
