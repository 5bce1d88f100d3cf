/**
 * Folder-level boundaries, checked by `npm run test:deps` after the file rules of .dependency-cruiser.cjs:
 * production code only (a test may reach across folders, e.g. to build the whole core).
 */
const base = require('./.dependency-cruiser.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles-in-core',
      comment:
        'Capabilities depend one way: no two core folders (core/loyalty and core/presales, core/reports and core/exports…) ' +
        'reach each other, directly or around a circle. core/app is the composition root: it knows every folder and no folder knows it. ' +
        'Shared pieces go to core/kernel; the partner side of a channel to core/partners/<partner>.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^core/' },
      to: { path: '^core/', circular: true },
    },
  ],
  options: {
    ...base.options,
    exclude: { path: [base.options.exclude.path, '\\.(test|spec)\\.tsx?$'] },
  },
};
