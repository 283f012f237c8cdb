// Lint: TypeScript rules plus the layering rules of the architecture (what may import what).
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'child_process', 'url', 'crypto', 'stream'];

/** A `no-restricted-imports` rule whose message names the layering rule it enforces. */
function restrict(rule, patterns) {
  return ['error', { patterns: [{ group: patterns, message: rule }] }];
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test-output/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
      'no-throw-literal': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['server/src/language/parser/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict('Layering rule 1: the parser imports only its own files (no schema, no features, no LSP, no Node built-ins).', [
        ...NODE_BUILTINS, 'vscode', 'vscode-*', 'undici', 'fast-xml-parser', '../schema/*', '../features/*', '../index',
      ]),
    },
  },
  {
    files: ['server/src/language/schema/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict('Layering rule 2: the schema model imports fast-xml-parser and its own files only.', [
        ...NODE_BUILTINS, 'vscode', 'vscode-*', 'undici', '../parser/*', '../features/*', '../index',
      ]),
    },
  },
  {
    files: ['server/src/language/features/**/*.ts', 'server/src/language/flow/**/*.ts', 'server/src/language/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        'Layering rule 3: the language core is pure — no I/O, no LSP connection, no vscode; inject what you need through LanguageServiceParams.',
        [...NODE_BUILTINS, 'vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*', 'undici'],
      ),
    },
  },
  {
    files: ['server/src/lsp/**/*.ts', 'server/src/node/**/*.ts', 'server/src/cli/**/*.ts', 'test/**/*.ts'],
    ignores: ['test/language/parser.test.ts', 'test/language/fuzz.test.ts'],
    rules: {
      'no-restricted-imports': restrict('Layering rule 4: outside the core, import the language core only through server/src/language/index.ts.', [
        '**/language/parser/*', '**/language/features/*', '**/language/flow/*', '**/language/schema/*', '**/language/languageTypes', 'vscode',
      ]),
    },
  },
  {
    files: ['server/src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict('Layering rule 6: the request engine uses node:*, undici and the language core through server/src/language/index.ts; no vscode, no LSP connection.', [
        '**/language/parser/*', '**/language/features/*', '**/language/flow/*', '**/language/schema/*', '**/language/languageTypes', '**/lsp/*', '**/cli/*',
        'vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*',
      ]),
    },
  },
  {
    files: ['server/src/export/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict('Layering rule 7: the export generator is pure — the language core through server/src/language/index.ts and the engine\'s value resolution only; no I/O, no vscode, no LSP.', [
        ...NODE_BUILTINS, '**/language/parser/*', '**/language/features/*', '**/language/flow/*', '**/language/schema/*', '**/language/languageTypes',
        '**/lsp/*', '**/cli/*', '**/node/*', '**/sandbox/*', 'undici', 'vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*',
      ]),
    },
  },
  {
    files: ['server/src/import/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict('Layering rule 8: the import converter is pure — no I/O, no vscode, no LSP; it uses the language core through server/src/language/index.ts only.', [
        ...NODE_BUILTINS, '**/language/parser/*', '**/language/features/*', '**/language/flow/*', '**/language/schema/*', '**/language/languageTypes',
        '**/engine/*', '**/lsp/*', '**/cli/*', '**/node/*', 'undici', 'vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*',
      ]),
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict('Layering rule 5: the VS Code client talks to the server over LSP only; it imports vscode, vscode-languageclient and, from server/, only the protocol (server/src/protocol.ts).', [
        '**/server/src/**', '!**/server/src/protocol', 'undici', 'vscode-languageserver', 'vscode-languageserver/*',
      ]),
    },
  },
);
