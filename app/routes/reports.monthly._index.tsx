// The monthly report of the current month.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { requireUser } from '~/utils/auth.server';
import { todayInShanghai } from '~/utils/dates';
import { requirePermission } from '~/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, 'read', 'dashboard');
  return redirect(`/reports/monthly/${todayInShanghai().slice(0, 7)}`);
}
