// Any address no other route answers: a 404 inside the app's page (header, menu, the user's
// language), not a bare error.
import { data } from '@remix-run/node';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import type { PageHandle } from '~/utils/page-handle';

export async function loader() {
  throw data({ error: 'page_not_found' }, { status: 404 });
}

export async function action() {
  throw data({ error: 'page_not_found' }, { status: 404 });
}

export const handle: PageHandle = { scripts: false };

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
