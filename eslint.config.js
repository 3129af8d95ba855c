// Lint: TypeScript rules plus the folder import boundaries from DESIGN.md ("a folder is a runtime").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'net',
  'http',
  'https',
  'child_process',
  'crypto',
  'url',
  'stream',
];
const pattern = (group, message) => ({ group, message });
const testFiles = ['**/test/**/*.ts', '**/*.test.ts', 'services/invariants/harness.ts'];

const mainCoreBase = [
  pattern(['electron'], "Only main/electron/ imports 'electron'."),
  pattern(['**/renderer/**', '**/services/**'], 'main/ never imports the renderer or services.'),
  pattern(['**/bridge/**'], 'main/core/ is transport-agnostic: the bridge imports core, never the reverse.'),
];
const servicesBase = [
  pattern(['electron'], 'services/ are plain Node processes.'),
  pattern(['**/main/**', '**/renderer/**'], 'services/ import only shared/.'),
];

export default tseslint.config(
  {
    ignores: ['node_modules', 'dist', 'release', '.cache', 'test-results', 'playwright-report', 'artifacts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // CommonJS scripts (a `node --require` preload of the bundle tests) load modules with require().
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(nodeBuiltins, 'shared/ is pure TypeScript: no Node built-ins.'),
            pattern(
              ['electron', 'react', 'react-dom', 'kafkajs'],
              'shared/ is pure TypeScript: no runtime libraries.',
            ),
            pattern(
              ['**/main/**', '**/renderer/**', '**/services/**', '**/tools/**'],
              'shared/ imports nothing above it.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(nodeBuiltins, 'The renderer runs in a browser: no Node built-ins.'),
            pattern(
              ['electron', 'kafkajs'],
              'The renderer reaches the backend only through renderer/src/api/.',
            ),
            pattern(['**/main/**', '**/services/**'], 'The renderer never imports from main/ or services/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['main/core/**/*.ts', 'main/bridge/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron'], "Only main/electron/ imports 'electron'."),
            pattern(['**/renderer/**', '**/services/**'], 'main/ never imports the renderer or services.'),
          ],
        },
      ],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    // Test helpers under main/core/test/ set up broker state with kafkajs directly.
    ignores: ['main/core/kafka/**', 'main/core/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['kafkajs'], 'kafkajs stays behind KafkaPort (main/core/kafka/).'),
            ...mainCoreBase,
          ],
        },
      ],
    },
  },
  {
    files: ['main/core/kafka/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: mainCoreBase }] },
  },
  {
    files: ['services/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...servicesBase,
            pattern(['**/tools/**'], 'services/ never import tools/ (only their tests may).'),
          ],
        },
      ],
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['**/renderer/**'], 'main/electron/ loads the renderer as a page, never imports it.'),
            pattern(['**/services/**'], 'main/ never imports services.'),
          ],
        },
      ],
    },
  },
  {
    files: ['tools/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['**/renderer/**'], 'tools/ build or serve the renderer, never import it.'),
            pattern(
              ['electron', '**/main/electron/**'],
              'tools/ start Electron as a process, never import it.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(
              ['**/renderer/**'],
              'bench/ measures the backend and the services; the renderer is measured in a browser.',
            ),
            pattern(['electron', '**/main/electron/**'], 'bench/ runs in plain Node.'),
          ],
        },
      ],
    },
  },
  {
    files: ['e2e/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['**/renderer/**'], 'e2e/ drives the UI through page objects, never its modules.'),
            pattern(
              ['electron', '**/main/electron/**'],
              'e2e/ starts the app through Playwright, never imports Electron code.',
            ),
          ],
        },
      ],
    },
  },
  // Test helpers and tests may reach what tests need: the shared broker and names in tools/test/, and kafkajs
  // for fixtures under main/core/test/. The runtime boundaries (electron, renderer, services in main) stay.
  {
    files: testFiles.map((f) => `services/${f.replace(/^services\//, '')}`),
    rules: { 'no-restricted-imports': ['error', { patterns: servicesBase }] },
  },
  {
    files: ['main/core/**/test/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: mainCoreBase }] },
  },
);
