/** Boundaries `npm test` keeps (npm run check:dependencies). */
module.exports = {
  forbidden: [
    {
      name: 'no-lock-outside-the-seam',
      comment: 'Only the embedded (FerretDB) adapter takes its short database locks; everything else asks the storage seam (server/src/platform/storage).',
      severity: 'error',
      from: { path: '^(server/src|seeds)/', pathNot: '^server/src/platform/storage/ferretdb/' },
      to: { path: '^server/src/platform/storage/ferretdb/(with-lock|lock\\.model)\\.ts$' },
    },
    {
      name: 'no-other-module-models',
      comment: "A module asks the owner of a record (its index or service) and never imports another module's mongoose model.",
      severity: 'error',
      from: { path: '^server/src/modules/([^/]+)/' },
      to: { path: '^server/src/modules/([^/]+)/[^/]+\\.model\\.ts$', pathNot: '^server/src/modules/$1/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'platform-knows-no-feature',
      comment: 'The storage seam, the clock and the change feed are used by feature modules, never the other way round.',
      severity: 'error',
      from: { path: '^server/src/platform/' },
      to: { path: '^server/src/modules/' },
    },
    {
      name: 'no-driver-in-domain',
      comment: 'Feature modules never import the database driver directly (mongoose is used inside stores and services only).',
      severity: 'error',
      from: { path: '^server/src/modules/' },
      to: { path: '(^|/)node_modules/mongodb/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
