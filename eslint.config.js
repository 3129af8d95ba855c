// Lint: TypeScript rules plus the folder import boundaries from DESIGN.md ("a folder is a runtime").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'net', 'http', 'https', 'child_process', 'crypto', 'url', 'stream'];
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'release', '.cache', 'test-results', 'playwright-report', 'artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
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
            pattern(['electron', 'react', 'react-dom', 'kafkajs'], 'shared/ is pure TypeScript: no runtime libraries.'),
            pattern(['**/main/**', '**/renderer/**', '**/services/**'], 'shared/ imports nothing above it.'),
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
            pattern(['electron', 'kafkajs'], 'The renderer reaches the backend only through renderer/src/api/.'),
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
            pattern(['electron'], "Only main/electron/ imports 'electron'."),
            pattern(['**/renderer/**', '**/services/**'], 'main/ never imports the renderer or services.'),
          ],
        },
      ],
    },
  },
  {
    files: ['services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron'], 'services/ are plain Node processes.'),
            pattern(['**/main/**', '**/renderer/**'], 'services/ import only shared/.'),
          ],
        },
      ],
    },
  },
);
