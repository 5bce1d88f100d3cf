/**
 * The project's import boundaries (README, "How code should feel"), checked by
 * `npm run test:deps` before the unit tests. One direction:
 *   renderer -> shared <- electron -> core -> adapters
 * Test files (*.test.ts) may reach test support and the sandboxes; production
 * code may not. Type-only imports count (tsPreCompilationDeps): a circle made
 * of `import type` still makes two files that cannot be read one without the other.
 */
const TEST_FILE = '\\.(test|spec)\\.tsx?$';
const forbid = (name, from, to, comment) => ({ name, comment, severity: 'error', from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid('renderer-not-to-core-or-electron', { path: '^renderer/', pathNot: TEST_FILE }, { path: '^(core|electron|sandboxes|tools|test-support)/' },
      'The screen talks to the core only through the shared contract (window.balcao / the browser host).'),
    forbid('renderer-screens-not-to-nav', { path: '^renderer/src/', pathNot: '^renderer/src/(App|main|nav)\\.tsx$' }, { path: '^renderer/src/nav\\.tsx$' },
      'nav.tsx is THE registry: it imports the screens, screens never import it back (their slots come from renderer/src/slots.tsx).'),
    forbid('core-not-to-outer-layers', { path: '^core/', pathNot: TEST_FILE }, { path: '^(renderer|electron|sandboxes|tools|test-support|bench|e2e)/' },
      'core/ is plain Node behaviour: it never imports the screen, the Electron shell, the sandboxes, tools or test support. ' +
        'Wiring a sandbox belongs to a composition root outside core (tools/start.ts, electron/main.ts).'),
    forbid('core-tests-through-test-support', { path: `^core/.*${TEST_FILE}` }, { path: '^(renderer|electron|sandboxes|tools|bench|e2e)/' },
      'Nothing under core/ imports sandboxes/ or tools/, tests included: a core test reaches the peers it starts through test-support/ (peers.ts).'),
    forbid('shared-only-libraries', { path: '^shared/', pathNot: TEST_FILE }, { pathNot: '^(shared/|node_modules/)' },
      'shared/ runs in the renderer, the shell and the core alike: it imports other shared files and npm libraries, nothing else (not even node: built-ins).'),
    forbid('shell-not-to-test-support', { path: '^(electron|sandboxes|tools)/', pathNot: TEST_FILE }, { path: '^(test-support|e2e|bench)/' },
      'The shell ships: no test support in it.'),
    forbid('no-circular', {}, { circular: true },
      'No file imports itself through others (type-only imports included): shared types go to a types.ts both sides import.'),
    forbid('not-to-unresolvable', {}, { couldNotResolve: true },
      'An import that resolves to nothing is a typo or a missing dependency.'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|dist-electron|dist-host|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
