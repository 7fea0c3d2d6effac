import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { listFlaggedHarvests } from '#models/planting';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { EmptyRow, Table } from '~/components/ui/record-page';
import { requireUser } from '~/utils/auth.server';
import { formatDate, formatNumber } from '~/utils/format';
import { requirePermission } from '~/utils/permissions.server';
import { namesOf, plantingChoices } from '~/utils/plantings.server';
import { useLanguage } from '~/utils/use-language';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const scope = requirePermission(user, 'read', 'harvest');
  if (scope.access === 'own') throw new Response(null, { status: 403 });
  const [harvests, choices] = await Promise.all([listFlaggedHarvests(scope), plantingChoices(user)]);
  return {
    harvests,
    villages: namesOf(choices.villages),
    crops: namesOf(choices.crops),
    coops: namesOf(choices.cooperatives),
  };
}

export default function FlaggedHarvestsPage() {
  const { harvests, villages, crops, coops } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <>
      <h1>{t('planting.flagged')}</h1>
      <p className="muted">{t('planting.flaggedIntro')}</p>
      <Table
        head={
          <tr>
            <th>{t('harvest.harvestedOn')}</th>
            <th>{t('planting.village')}</th>
            <th>{t('planting.crop')}</th>
            <th>{t('planting.cooperative')}</th>
            <th className="num">{t('harvest.quantityKg')}</th>
            <th className="num">{t('planting.yield')}</th>
            <th>{t('harvest.flag')}</th>
          </tr>
        }
      >
        {harvests.length === 0 ? <EmptyRow colSpan={7} /> : null}
        {harvests.map((h) => (
          <tr key={h.id}>
            <td>
              <Link to={`/plantings/${h.plantingId}`}>{formatDate(lng, h.harvestedOn)}</Link>
            </td>
            <td>{villages[h.villageId] ?? '—'}</td>
            <td>{crops[h.productId] ?? '—'}</td>
            <td>{coops[h.orgId] ?? '—'}</td>
            <td className="num">{formatNumber(lng, h.quantityKg)}</td>
            <td className="num">{formatNumber(lng, h.yieldKgPerMu, 0)}</td>
            <td>
              <span className="badge warn">{t(`harvest.flags.${h.flag}`)}</span>
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
