// Every /api/ address no route answers: the JSON error shape, never the app's HTML 404 page
// (the callers are other systems, which match on the code).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { apiError } from '~/utils/api.server';

const unknown = (request: Request) =>
  apiError(404, 'not_found', `No API at ${request.method} ${new URL(request.url).pathname}`);

export const loader = ({ request }: LoaderFunctionArgs) => unknown(request);
export const action = ({ request }: ActionFunctionArgs) => unknown(request);
