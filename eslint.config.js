// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const sdkImports = ['discord.js', '@discordjs/*', 'matrix-js-sdk', 'matrix-js-sdk/*', 'bullmq', 'ioredis', '@prisma/*', 'pg', 'pino', '@electric-sql/*', 'pglite-prisma-adapter'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', 'data/**', 'src/generated/**', 'bench/results/**', 'coverage/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
    },
  },
  {
    // The domain depends only on ports it defines itself.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: sdkImports, message: 'src/core imports no SDK: define a port in src/core and implement it in src/adapters.' }, { group: ['**/adapters/**', '**/bots/**', '**/jobs/**', '**/generated/**'], message: 'src/core must not depend on outer layers.' }] }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked, languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
