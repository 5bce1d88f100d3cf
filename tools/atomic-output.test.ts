import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomicOutput } from './atomic-output';

/** Issue 7, point 6: two `npm test` at once — a rebuild must not pull files from under a page being served. */
describe('atomicOutput (renderer build)', () => {
  it('writes every file by rename, leaves the other files alone, and prunes only old hashed assets', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-atomic-'));
    const out = path.join(root, 'dist');
    fs.mkdirSync(path.join(out, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(out, 'index.html'), 'old page');
    fs.writeFileSync(path.join(out, 'assets', 'index-OLD.js'), 'old build');
    fs.writeFileSync(path.join(out, 'assets', 'index-RECENT.js'), 'build of a run still serving');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(path.join(out, 'assets', 'index-OLD.js'), twoHoursAgo, twoHoursAgo);
    const inodeBefore = fs.statSync(path.join(out, 'index.html')).ino;

    const p = atomicOutput() as any;
    p.configResolved({ root, build: { outDir: 'dist' } });
    const bundle: Record<string, unknown> = {
      'index.html': { type: 'asset', source: '<html>new</html>' },
      'assets/index-NEW.js': { type: 'chunk', code: 'console.log(1)' },
    };
    p.generateBundle({}, bundle);
    p.closeBundle();

    expect(bundle).toEqual({}); // vite writes nothing itself
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('<html>new</html>');
    // Replaced by rename (a new inode): a reader holding the old file keeps reading it whole.
    expect(fs.statSync(path.join(out, 'index.html')).ino).not.toBe(inodeBefore);
    expect(fs.readdirSync(path.join(out, 'assets')).sort()).toEqual(['index-NEW.js', 'index-RECENT.js']);
    expect(fs.readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
