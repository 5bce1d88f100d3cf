/**
 * fsyncs per sale, counted by strace around one real sale (test-support/children/fsync-child.ts:
 * 3 scans + payment, then finalize): the cart edits should make none, finalize one
 * (the WAL's, before it returns). Skipped with a note when strace is missing
 * (Debian: apt-get install strace).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../core/app/paths';
import { register } from '../lib';

register('durabilidade', (ctx) => {
  if (spawnSync('strace', ['-V']).status !== 0) {
    ctx.log('strace não instalado: seção durabilidade pulada');
    return;
  }
  const dir = path.join(ctx.tmp, 'fsync');
  fs.mkdirSync(dir, { recursive: true });
  const trace = path.join(dir, 'strace.txt');
  const r = spawnSync(
    'strace',
    ['-f', '-qq', '-y', '-e', 'trace=fsync,fdatasync,write', '-o', trace, process.execPath, '--import', 'tsx', path.join(projectRoot, 'test-support/children/fsync-child.ts'), dir],
    { cwd: projectRoot, stdio: 'ignore' },
  );
  if (r.status !== 0) throw new Error(`strace/child saiu com ${r.status}`);
  const lines = fs.readFileSync(trace, 'utf8').split('\n');
  const between = (a: string, b: string) => lines.slice(lines.findIndex((l) => l.includes(`MARK ${a}`)) + 1, lines.findIndex((l) => l.includes(`MARK ${b}`)));
  const syncs = (ls: string[]) => ls.filter((l) => /\b(fsync|fdatasync)\(\d+<[^>]*balcao\.db(-wal)?>\)/.test(l)).length;
  ctx.record({ name: 'fsyncs nas edições do carrinho (3 scans + pagamento)', value: syncs(between('cart-begin', 'cart-end')), unit: '', target: { max: 0, label: '0' } });
  ctx.record({ name: 'fsyncs no finalizar (antes de retornar)', value: syncs(between('finalize-begin', 'finalize-end')), unit: '', target: { max: 1, label: '1' }, note: 'contados com strace' });
});
