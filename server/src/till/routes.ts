import { IngestBatch, MAX_BATCH } from '../../../shared/retaguarda/records';
import { intParam, parseJsonBody } from '../http/body';
import { route, type RequestContext } from '../http/routes';
import { changesSince, snapshotPage } from './down';
import { recordPull } from './pull-report';
import { ingest } from './ingest';
import { snapshotCsv } from './snapshot-csv';

const till = (ctx: RequestContext) => ctx.till!; // access 'till' guarantees it

/** The till API: every route is a caixa's HMAC-signed request (replays refused). */
export const tillRoutes = [
  route({
    method: 'POST',
    path: '/v1/till/ingest',
    access: { kind: 'till' },
    maxBody: 8 * 1024 * 1024,
    async handler(ctx) {
      const batch = parseJsonBody(ctx.body, IngestBatch);
      return { body: await ingest(ctx.db, till(ctx), batch) };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/till/changes',
    access: { kind: 'till' },
    async handler(ctx) {
      const after = intParam(ctx.url, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
      const limit = intParam(ctx.url, 'limit', 1000, 1, 5000);
      // Asking from `after` means the till applied everything up to it (Produtos: "catálogo atual").
      await recordPull(ctx.db, till(ctx).tillId, after, ctx.url);
      return { body: await changesSince(ctx.db, till(ctx).storeId, after, limit) };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/till/snapshot',
    access: { kind: 'till' },
    async handler(ctx) {
      const afterCode = ctx.url.searchParams.has('afterCode') ? intParam(ctx.url, 'afterCode', 0, -1, 2 ** 31 - 1) : null;
      const limit = intParam(ctx.url, 'limit', 5000, 0, 20_000); // 0: users, settings and the cursor only
      return { body: await snapshotPage(ctx.db, till(ctx).storeId, afterCode, limit) };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/till/snapshot.csv',
    access: { kind: 'till' },
    handler: (ctx) => snapshotCsv(ctx.db, till(ctx).storeId, String(ctx.req.headers['accept-encoding'] ?? '')),
  }),
  route({
    method: 'GET',
    path: '/v1/till/whoami',
    access: { kind: 'till' },
    async handler(ctx) {
      const [row] = await ctx.db.query<{ till_name: string; store_name: string; cnpj: string }>(
        'SELECT t.name AS till_name, s.name AS store_name, s.cnpj FROM tills t JOIN stores s ON s.id = t.store_id WHERE t.id = $1',
        [till(ctx).tillId],
      );
      return { body: { tillId: till(ctx).tillId, storeId: till(ctx).storeId, tillName: row.till_name, storeName: row.store_name, cnpj: row.cnpj, maxBatch: MAX_BATCH } };
    },
  }),
];
