import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseOptions, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../core/app/paths';

/**
 * The boundary rules of `.dependency-cruiser.cjs` (run by `npm run test:deps`) must fail when broken:
 * the project's own rule set runs over a small tree in a temp folder laid out like the repo, where each
 * file breaks one rule, and every rule must be reported for exactly the file that breaks it.
 */
const FIXTURE: Record<string, string> = {
  // renderer -> core (and -> electron)
  'renderer/src/Screen.tsx': "import { total } from '../../core/sales/total';\nimport { CHANNEL } from '../../electron/channels';\nexport const s = total + CHANNEL;\n",
  // a screen importing the registry back (App imports it: allowed)
  'renderer/src/nav.tsx': 'export const screens = [];\n',
  'renderer/src/App.tsx': "import { screens } from './nav';\nexport const app = screens;\n",
  'renderer/src/sale/Extra.tsx': "import { screens } from '../nav';\nexport const extra = screens;\n",
  // core (production) -> sandboxes, tools, test support
  'core/sales/total.ts': "import { sandbox } from '../../sandboxes/hub/server';\nexport const total = sandbox;\n",
  'core/sales/wiring.ts': "import { kit } from '../../test-support/kit';\nimport { gen } from '../../tools/gen';\nexport const w = kit + gen;\n",
  // a core TEST may use test support, but reaches the sandboxes only through it
  'core/sales/total.test.ts': "import { kit } from '../../test-support/kit';\nimport { sandbox } from '../../sandboxes/hub/server';\nexport const t = kit + sandbox;\n",
  // shared -> node built-in and -> core
  'shared/money.ts': "import fs from 'node:fs';\nimport { total } from '../core/sales/total';\nexport const m = fs && total;\n",
  // a type-only circle
  'core/db/open.ts': "import type { D } from './durable';\nexport type O = D;\nexport const open = 1;\n",
  'core/db/durable.ts': "import type { O } from './open';\nexport type D = O | number;\n",
  // an import of nothing
  'core/db/typo.ts': "import { x } from './does-not-exist';\nexport const y = x;\n",
  // allowed: the shell wires a sandbox (a composition root outside core)
  'electron/channels.ts': "import { sandbox } from '../sandboxes/hub/server';\nexport const CHANNEL = String(sandbox);\n",
  'sandboxes/hub/server.ts': 'export const sandbox = 1;\n',
  'test-support/kit.ts': 'export const kit = 1;\n',
  // tools ship (npm start): no test support in them
  'tools/gen.ts': "import { kit } from '../test-support/kit';\nexport const gen = kit;\n",
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx' } }),
};

let dir: string;
let violations: IViolation[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-deps-'));
  for (const [file, text] of Object.entries(FIXTURE)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const options: ICruiseOptions = await extractDepcruiseOptions(path.join(projectRoot, '.dependency-cruiser.cjs'));
  const result = await cruise(['core', 'renderer', 'shared', 'electron', 'sandboxes', 'tools', 'test-support'], {
    ...options,
    baseDir: dir,
    tsConfig: { fileName: path.join(dir, 'tsconfig.json') },
  });
  if (typeof result.output === 'string') throw new Error('expected the structured result');
  violations = result.output.summary.violations;
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const found = () => violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  it('report every broken boundary, and only those', () => {
    expect(found()).toEqual(
      [
        'core-not-to-outer-layers: core/sales/total.ts -> sandboxes/hub/server.ts',
        'core-not-to-outer-layers: core/sales/wiring.ts -> test-support/kit.ts',
        'core-not-to-outer-layers: core/sales/wiring.ts -> tools/gen.ts',
        'core-tests-through-test-support: core/sales/total.test.ts -> sandboxes/hub/server.ts',
        'no-circular: core/db/durable.ts -> core/db/open.ts',
        'not-to-unresolvable: core/db/typo.ts -> ./does-not-exist',
        'renderer-not-to-core-or-electron: renderer/src/Screen.tsx -> core/sales/total.ts',
        'renderer-not-to-core-or-electron: renderer/src/Screen.tsx -> electron/channels.ts',
        'renderer-screens-not-to-nav: renderer/src/sale/Extra.tsx -> renderer/src/nav.tsx',
        'shared-only-libraries: shared/money.ts -> core/sales/total.ts',
        'shared-only-libraries: shared/money.ts -> fs',
        'shell-not-to-test-support: tools/gen.ts -> test-support/kit.ts',
      ].sort(),
    );
  });

  it('every rule in the set is one the fixture breaks (a rule that cannot fail is not kept)', async () => {
    const options = await extractDepcruiseOptions(path.join(projectRoot, '.dependency-cruiser.cjs'));
    const names = (options.ruleSet?.forbidden ?? []).map((r) => r.name);
    expect(new Set(violations.map((v) => v.rule.name))).toEqual(new Set(names));
  });
});

/**
 * The folder rule (`.dependency-cruiser-folders.cjs`): two core folders that reach each other fail, even when no
 * FILE imports itself (core/loyalty/a -> core/presales/b -> core/loyalty/c); a test reaching core/app does not count.
 */
const FOLDER_FIXTURE: Record<string, string> = {
  'core/loyalty/a.ts': "import { b } from '../presales/b';\nexport const a = b;\n",
  'core/loyalty/c.ts': 'export const c = 1;\n',
  'core/presales/b.ts': "import { c } from '../loyalty/c';\nexport const b = c;\n",
  'core/app/compose.ts': "import { total } from '../sales/total';\nexport const core = total;\n",
  'core/sales/total.ts': 'export const total = 1;\n',
  'core/sales/total.test.ts': "import { core } from '../app/compose';\nexport const t = core;\n",
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' } }),
};

describe('folder rules (.dependency-cruiser-folders.cjs)', () => {
  it('report a circle between two core folders, and not a test that reaches core/app', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'balcao-folders-'));
    try {
      for (const [file, text] of Object.entries(FOLDER_FIXTURE)) {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
      }
      const options: ICruiseOptions = await extractDepcruiseOptions(path.join(projectRoot, '.dependency-cruiser-folders.cjs'));
      const result = await cruise(['core'], { ...options, baseDir: root, tsConfig: { fileName: path.join(root, 'tsconfig.json') } });
      if (typeof result.output === 'string') throw new Error('expected the structured result');
      const names = (options.ruleSet?.forbidden ?? []).map((r) => r.name);
      const seen = result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
      expect(seen).toEqual(['no-folder-cycles-in-core: core/loyalty -> core/presales', 'no-folder-cycles-in-core: core/presales -> core/loyalty']);
      expect(new Set(result.output.summary.violations.map((v) => v.rule.name))).toEqual(new Set(names));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
