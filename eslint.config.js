// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * `no-restricted-imports` per layer, for the layer's own code (its tests may reach anything they
 * need to set up).
 * @param {{ files: string[], forbid: { group: string[], message: string }[] }[]} layers
 */
function layerRules(layers) {
  return layers.map(({ files, forbid }) => ({
    files,
    ignores: ['**/*.test.ts', '**/*.test-helper.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbid }] },
  }));
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'docs/', 'coverage/', 'src/client/schema.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'no-console': ['error', { allow: ['error'] }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      // Fastify handlers and interface implementations are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // The layers' import rules (docs/ARCHITECTURE.md): imports run from higher layers to lower ones only.
  ...layerRules([
    {
      files: ['src/domain/**'],
      forbid: [
        { group: ['kysely'], message: 'domain/ holds no SQL: add a function to a store/*.store.ts.' },
        {
          group: ['**/api/**'],
          message: 'domain/ must not know HTTP: return domain objects, present them in api/.',
        },
      ],
    },
    {
      files: ['src/store/**'],
      forbid: [{ group: ['**/domain/**', '**/api/**'], message: 'store/ is below domain/ and api/.' }],
    },
    {
      files: ['src/api/**'],
      forbid: [
        { group: ['**/store/**', 'kysely'], message: 'api/ reaches the database through domain/ only.' },
      ],
    },
    {
      files: ['src/jobs/**', 'src/webhooks/**', 'src/plaid/**'],
      forbid: [
        {
          group: ['**/domain/**', '**/api/**', '**/cli/**', '**/container.js'],
          message:
            'jobs/, webhooks/ and plaid/ are machinery under domain/: the domain calls them, not the reverse.',
        },
      ],
    },
    {
      files: ['src/lib/**'],
      forbid: [
        {
          group: [
            '**/domain/**',
            '**/api/**',
            '**/cli/**',
            '**/store/**',
            '**/jobs/**',
            '**/webhooks/**',
            '**/plaid/**',
            '**/sandbox/**',
            '**/container.js',
            '**/config.js',
          ],
          message: 'lib/ is the bottom layer: it imports nothing of the project but lib/.',
        },
      ],
    },
    {
      files: ['src/sandbox/**', 'src/insights/**', 'src/synthetic/**', 'src/ach/**'],
      forbid: [
        {
          group: [
            '**/domain/**',
            '**/store/**',
            '**/api/**',
            '**/jobs/**',
            '**/cli/**',
            '**/container.js',
            '**/config.js',
          ],
          message: 'This module stands alone: it may use lib/ and its own files, not the platform.',
        },
      ],
    },
  ]),
  {
    // Sizes: files in src/ stay under 300 lines and functions under 60, so each reads in one sitting.
    // Lines count as ESLint counts them by default, blank lines and comments included: the limit is
    // what a reader scrolls through. A file that must stay longer says why in its opening comment and
    // carries its own exemption below. Tests and the generated client schema are not held to it.
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/client/schema.ts'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 60 }],
    },
  },
  {
    // A migration is frozen in time: it must run tomorrow exactly as it ran on every database that
    // already has it, so it is never reshaped to fit a rule, and its `up` reads best as the one
    // ordered list of statements it is. The file limit still holds.
    files: ['src/store/migrations/*.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    files: ['src/cli/**', 'src/main.ts', 'bench/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  { files: ['eslint.config.js'], extends: [tseslint.configs.disableTypeChecked] },
  {
    // The Link front end: plain scripts the browser runs as served, no build step.
    files: ['web/**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        FormData: 'readonly',
      },
    },
  },
);
