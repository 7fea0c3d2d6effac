import { useRouteLoaderData } from '@remix-run/react';
import type { WeightUnit } from '~/domain/planting';

/** The unit the signed-in user's organization weighs in (千克 when no one is signed in). */
export function useWeightUnit(): WeightUnit {
  const root = useRouteLoaderData<{ user?: { weightUnit?: WeightUnit } | null }>('root');
  return root?.user?.weightUnit ?? 'kg';
}
