import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { endSession } from '~/utils/auth.server';
import { readForm } from '~/utils/forms.server';
import { resourceRoute } from '~/utils/resource.server';

export async function loader() {
  return redirect('/');
}

export const action = resourceRoute(async ({ request }: ActionFunctionArgs) => {
  await readForm(request); // a post from our own sign-out button, like any other form
  return endSession(request);
});
