import { parseCatalogCsv } from '../../../core/catalog/csv';
import { StoreSettings } from '../../../shared/retaguarda/store-settings';
import { getStoreSettings, setStoreSettings } from '../admin/settings';
import { upsertProducts } from '../catalog/products';
import { badRequest } from '../errors';
import { parseJsonBody } from '../http/body';
import { route, type RequestContext } from '../http/routes';
import { listSales } from './sales';
import { targetStores } from './scope';
import { listShifts } from './shifts';

const key = (ctx: RequestContext) => ctx.apiKey!; // access 'apiKey' guarantees it

/** The integration API for an ERP or the store's scripts: `Authorization: Bearer rtgk_…` with a scope. */
export const integrationRoutes = [
  route({
    method: 'GET',
    path: '/v1/sales',
    access: { kind: 'apiKey', scope: 'sales:read' },
    handler: async (ctx) => ({ body: await listSales(ctx.db, key(ctx), ctx.url) }),
  }),
  route({
    method: 'GET',
    path: '/v1/shifts',
    access: { kind: 'apiKey', scope: 'shifts:read' },
    handler: async (ctx) => ({ body: await listShifts(ctx.db, key(ctx), ctx.url) }),
  }),
  route({
    method: 'PUT',
    path: '/v1/products',
    access: { kind: 'apiKey', scope: 'products:write' },
    maxBody: 64 * 1024 * 1024,
    async handler(ctx) {
      const type = String(ctx.req.headers['content-type'] ?? '');
      if (!/^text\/csv\b/i.test(type)) throw badRequest('Envie o catálogo como text/csv (o mesmo formato da importação do caixa).');
      const stores = await targetStores(ctx.db, key(ctx), ctx.url.searchParams.get('store'));
      const parsed = parseCatalogCsv(ctx.body);
      await upsertProducts(
        ctx.db,
        stores,
        parsed.rows.map((r) => ({ code: r.code, description: r.description, priceCents: r.priceCents, unit: r.unit, eans: r.eans })),
      );
      return { body: { imported: parsed.rows.length, errors: parsed.errors } };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/settings',
    access: { kind: 'apiKey', scope: 'settings:write' },
    async handler(ctx) {
      const stores = await targetStores(ctx.db, key(ctx), ctx.url.searchParams.get('store'));
      return { body: { stores: await Promise.all(stores.map(async (storeId) => ({ storeId, settings: await getStoreSettings(ctx.db, storeId) }))) } };
    },
  }),
  route({
    method: 'PUT',
    path: '/v1/settings',
    access: { kind: 'apiKey', scope: 'settings:write' },
    async handler(ctx) {
      const stores = await targetStores(ctx.db, key(ctx), ctx.url.searchParams.get('store'));
      const input = parseJsonBody(ctx.body, StoreSettings);
      const out = [];
      for (const storeId of stores) out.push(await setStoreSettings(ctx.db, storeId, input));
      return { body: { stores: out } };
    },
  }),
];
