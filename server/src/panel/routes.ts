/**
 * Every panel route with its permission (see auth-roles.ts). Reads are GET; every change is POST and
 * needs the session's CSRF token (checked in authenticatePanel).
 */
import { z } from 'zod';
import { parseJsonBody } from '../http/body';
import { route, type Route } from '../http/routes';
import { panelAuthRoutes } from './auth-routes';
import { dashboard } from './dashboard';
import { csvStream, pixXlsxStream, xlsxStream } from './export';
import { parseSaleFilters } from './filters';
import * as m from './manage';
import { changePrices, importCatalog, searchProducts } from './products';
import { catalogStatus } from './catalog-status';
import { listSales, pixPayments, saleDetail, salesSummary } from './sales';

const Uuid = z.string().uuid();
const Id = z.object({ id: z.string().min(1).max(100) });

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

export const panelRoutes: Route[] = [
  ...panelAuthRoutes,
  route({
    method: 'GET',
    path: '/v1/panel/dashboard',
    access: { kind: 'panel', permission: 'read' },
    handler: async (ctx) => ({ body: await dashboard(ctx.db, ctx.panel!, parseSaleFilters(ctx.url), ctx.url) }),
  }),
  route({
    method: 'GET',
    path: '/v1/panel/sales',
    access: { kind: 'panel', permission: 'read' },
    handler: async (ctx) => ({ body: await listSales(ctx.db, ctx.panel!, parseSaleFilters(ctx.url), ctx.url) }),
  }),
  route({
    method: 'GET',
    path: '/v1/panel/sales/count',
    access: { kind: 'panel', permission: 'read' },
    handler: async (ctx) => ({ body: await salesSummary(ctx.db, ctx.panel!, parseSaleFilters(ctx.url)) }),
  }),
  route({
    method: 'GET',
    path: '/v1/panel/sale',
    access: { kind: 'panel', permission: 'read' },
    handler: async (ctx) => ({ body: await saleDetail(ctx.db, ctx.panel!, ctx.url.searchParams.get('id') ?? '') }),
  }),
  route({
    method: 'GET',
    path: '/v1/panel/sales/export',
    access: { kind: 'panel', permission: 'export' },
    async handler(ctx) {
      const f = parseSaleFilters(ctx.url);
      const xlsx = ctx.url.searchParams.get('formato') === 'xlsx';
      const name = `transacoes-${stamp()}.${xlsx ? 'xlsx' : 'csv'}`;
      return {
        body: null,
        stream: xlsx ? xlsxStream(ctx.db, ctx.panel!, f) : csvStream(ctx.db, ctx.panel!, f),
        headers: {
          'content-type': xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${name}"`,
        },
      };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/panel/pix',
    access: { kind: 'panel', permission: 'read' },
    handler: async (ctx) => ({ body: await pixPayments(ctx.db, ctx.panel!, parseSaleFilters(ctx.url), ctx.url) }),
  }),
  route({
    method: 'GET',
    path: '/v1/panel/pix/export',
    access: { kind: 'panel', permission: 'export' },
    handler: async (ctx) => ({
      body: null,
      stream: pixXlsxStream(ctx.db, ctx.panel!, parseSaleFilters(ctx.url), ctx.url),
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="pagamentos-pix-${stamp()}.xlsx"`,
      },
    }),
  }),
  route({
    method: 'GET',
    path: '/v1/panel/stores',
    access: { kind: 'panel', permission: 'read' },
    handler: async (ctx) => ({ body: await m.listStores(ctx.db, ctx.panel!) }),
  }),
  route({
    method: 'POST',
    path: '/v1/panel/stores',
    access: { kind: 'panel', permission: 'stores:write' },
    async handler(ctx) {
      const body = parseJsonBody(ctx.body, z.object({ name: z.string().max(120), cnpj: z.string().max(30), address: z.string().max(300).optional(), phone: z.string().max(40).optional() }));
      return { status: 201, body: await m.createStore(ctx.db, ctx.panel!, body) };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/tills',
    access: { kind: 'panel', permission: 'tills:write' },
    async handler(ctx) {
      const body = parseJsonBody(ctx.body, z.object({ storeId: Uuid, name: z.string().max(80) }));
      return { status: 201, body: await m.createTill(ctx.db, ctx.panel!, body) };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/tills/revoke',
    access: { kind: 'panel', permission: 'tills:write' },
    handler: async (ctx) => ({ body: await m.revokeTill(ctx.db, ctx.panel!, parseJsonBody(ctx.body, z.object({ tillId: Uuid })).tillId) }),
  }),
  route({
    method: 'GET',
    path: '/v1/panel/products',
    access: { kind: 'panel', permission: 'read' },
    handler: async (ctx) => ({ body: await searchProducts(ctx.db, ctx.panel!, ctx.url) }),
  }),
  route({
    method: 'GET',
    path: '/v1/panel/products/tills',
    access: { kind: 'panel', permission: 'read' },
    handler: async (ctx) => ({ body: await catalogStatus(ctx.db, ctx.panel!, ctx.url.searchParams.get('loja')) }),
  }),
  route({
    method: 'POST',
    path: '/v1/panel/products/price',
    access: { kind: 'panel', permission: 'products:write' },
    async handler(ctx) {
      const body = parseJsonBody(ctx.body, z.object({ storeId: Uuid, codes: z.array(z.number().int().min(0)).max(5000), priceCents: z.number().int().min(0).max(100_000_000) }));
      return { body: await changePrices(ctx.db, ctx.panel!, body) };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/products/import',
    access: { kind: 'panel', permission: 'products:write' },
    maxBody: 64 * 1024 * 1024,
    handler: async (ctx) => ({ body: await importCatalog(ctx.db, ctx.panel!, ctx.url.searchParams.get('loja'), ctx.body) }),
  }),
  route({
    method: 'GET',
    path: '/v1/panel/users',
    access: { kind: 'panel', permission: 'users:write' },
    handler: async (ctx) => ({ body: await m.listUsers(ctx.db) }),
  }),
  route({
    method: 'POST',
    path: '/v1/panel/users',
    access: { kind: 'panel', permission: 'users:write' },
    async handler(ctx) {
      const body = parseJsonBody(
        ctx.body,
        z.object({ email: z.string().max(200), name: z.string().max(100), role: z.string().max(20), password: z.string().max(200), storeIds: z.array(Uuid).max(100).optional() }),
      );
      return { status: 201, body: await m.createUser(ctx.db, ctx.panel!, body) };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/users/active',
    access: { kind: 'panel', permission: 'users:write' },
    async handler(ctx) {
      const body = parseJsonBody(ctx.body, z.object({ userId: Uuid, active: z.boolean() }));
      return { body: await m.setUserActive(ctx.db, ctx.panel!, body.userId, body.active) };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/till-users',
    access: { kind: 'panel', permission: 'users:write' },
    async handler(ctx) {
      const body = parseJsonBody(ctx.body, z.object({ storeId: Uuid, name: z.string().max(100), role: z.string().max(20), pin: z.string().max(8) }));
      return { status: 201, body: await m.createTillUser(ctx.db, ctx.panel!, body) };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/till-users/pin',
    access: { kind: 'panel', permission: 'users:write' },
    async handler(ctx) {
      const body = parseJsonBody(ctx.body, z.object({ userId: Uuid, pin: z.string().max(8) }));
      return { body: await m.resetTillPin(ctx.db, ctx.panel!, body.userId, body.pin) };
    },
  }),
  route({
    method: 'GET',
    path: '/v1/panel/api-keys',
    access: { kind: 'panel', permission: 'integrations:write' },
    handler: async (ctx) => ({ body: await m.listApiKeys(ctx.db) }),
  }),
  route({
    method: 'POST',
    path: '/v1/panel/api-keys',
    access: { kind: 'panel', permission: 'integrations:write' },
    async handler(ctx) {
      const body = parseJsonBody(ctx.body, z.object({ name: z.string().max(100), scopes: z.array(z.string().max(40)).max(10), storeIds: z.array(Uuid).max(100).nullable().optional() }));
      return { status: 201, body: await m.createApiKey(ctx.db, ctx.panel!, body) };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/panel/api-keys/revoke',
    access: { kind: 'panel', permission: 'integrations:write' },
    handler: async (ctx) => ({ body: await m.revokeApiKey(ctx.db, ctx.panel!, parseJsonBody(ctx.body, Id).id) }),
  }),
  route({
    method: 'POST',
    path: '/v1/panel/api-keys/rotate',
    access: { kind: 'panel', permission: 'integrations:write' },
    handler: async (ctx) => ({ body: await m.rotateApiKey(ctx.db, ctx.panel!, parseJsonBody(ctx.body, Id).id) }),
  }),
  route({
    method: 'GET',
    path: '/v1/panel/audit',
    access: { kind: 'panel', permission: 'audit:read' },
    handler: async (ctx) => ({ body: await m.listAudit(ctx.db, ctx.panel!, ctx.url) }),
  }),
];
