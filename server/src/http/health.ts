import { route } from './routes';

export const healthRoutes = [
  route({
    method: 'GET',
    path: '/v1/health',
    access: { kind: 'public' },
    async handler(ctx) {
      await ctx.db.query('SELECT 1');
      return { body: { ok: true, service: 'retaguarda-balcao', database: ctx.db.kind } };
    },
  }),
];
