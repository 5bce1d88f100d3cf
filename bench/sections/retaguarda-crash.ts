/**
 * Retaguarda reliability (issue 23): 100 rounds each of kill -9 of the server mid-batch, kill -9 of the till
 * mid-upload and an immediate PostgreSQL restart (test-support/retaguarda-crash-rounds.ts; the test
 * core/retaguarda/crash.test.ts runs fewer by default). Counted on both sides: lost and duplicated must be 0.
 *   BALCAO_BENCH_RETAGUARDA_CRASH_ROUNDS overrides the rounds per fault (default 100; --quick 10).
 */
import { runRetaguardaCrashRounds } from '../../test-support/retaguarda-crash-rounds';
import { register } from '../lib';

register('retaguarda-crash', async (ctx) => {
  const n = Number(process.env.BALCAO_BENCH_RETAGUARDA_CRASH_ROUNDS) || (ctx.quick ? 10 : 100);
  const t0 = Date.now();
  const r = await runRetaguardaCrashRounds({
    rounds: { server: n, till: n, postgres: n },
    onRound: (i) => (i + 1) % 30 === 0 && ctx.log(`retaguarda: quedas ${i + 1}/${3 * n}`),
  });
  const lost = r.lostOnTill + r.missingOnServer + r.undelivered + r.queuedWrong;
  // The same sale twice under another UUID (same number), a sale the till does not have, lines beyond 3 a sale.
  const doubled = r.serverSales - r.serverNumbers + r.unknownOnServer + Math.max(0, r.serverLines - 3 * r.serverSales);
  const note = `kill -9 servidor ${r.faults.server}, kill -9 caixa ${r.faults.till}, reinício do PostgreSQL ${r.faults.postgres}; ${r.salesReported} vendas relatadas, ${r.tillSales} no caixa, ${r.serverSales} no servidor; ${((Date.now() - t0) / 1000).toFixed(0)} s`;
  ctx.record({ name: `retaguarda: quedas × ${3 * n}: vendas perdidas`, value: lost, unit: '', target: { max: 0, label: '= 0' }, note });
  ctx.record({ name: `retaguarda: quedas × ${3 * n}: vendas em dobro`, value: doubled, unit: '', target: { max: 0, label: '= 0' } });
});
