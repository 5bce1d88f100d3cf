/**
 * The access check every call passes (issue 19): what `admit` (who is calling, from the declaration) and
 * `run` (the wrapper around the handler) add per call, measured on a real core with a Gerente logged in,
 * against calling the handler bare. Batches of 10,000 calls; p50/p95 of the per-call mean over batches.
 */
import { SESSION, SETTINGS } from '../../shared/api/access';
import { createTestCore } from '../../test-support/fixtures';
import { AccessControl } from '../../core/users/access';
import { register, stats } from '../lib';

register('acesso', async (ctx) => {
  const core = await createTestCore({ log: () => {} });
  try {
    const { db, users, audit, sales } = { db: core.db, ...core.services };
    const access = new AccessControl({ db, users, audit, sales });
    const handler = (input: unknown) => input;
    const input = { code: '1' };
    const batch = 10_000;
    const perCall = async (fn: () => unknown) => {
      const out: number[] = [];
      for (let b = 0; b < (ctx.quick ? 10 : 40); b++) {
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < batch; i++) await fn();
        out.push(Number(process.hrtime.bigint() - t0) / 1e6 / batch);
      }
      return stats(out.slice(2)); // the first batches warm the JIT
    };
    const bare = await perCall(() => handler(input));
    for (const [label, decl, method] of [['sessão', SESSION, 'catalog.lookup'], ['configurações', SETTINGS, 'printing.getSettings']] as const) {
      const checked = await perCall(() => access.run(method, decl, input, access.admit(decl), handler));
      ctx.record({
        name: `verificação de acesso (${label}) por chamada`,
        value: checked.p95 - bare.p50,
        unit: 'ms',
        target: { max: 0.01, label: '≤ 0,01 ms' },
        note: `com verificação p50 ${(checked.p50 * 1000).toFixed(2)} µs; sem p50 ${(bare.p50 * 1000).toFixed(2)} µs`,
      });
    }
  } finally {
    core.close();
  }
});
