import { pingDb } from '~/utils/db.server';

export async function loader() {
  const up = await pingDb();
  return Response.json(up ? { ok: true, db: 'up' } : { ok: false, db: 'down' }, {
    status: up ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
