import { configDefaults, defineConfig } from 'vitest/config';

/** Installs the package from its tarball (when TEST_PACK is set): heavy, so it runs on its own, last. */
const PACKAGE_TEST = 'test/pack.test.ts';

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'linkport',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, PACKAGE_TEST],
        },
      },
      { extends: true, test: { name: 'package', include: [PACKAGE_TEST], sequence: { groupOrder: 1 } } },
    ],
  },
});
