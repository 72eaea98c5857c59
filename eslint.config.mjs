// One lint setup for the whole repository (flat config): typescript-eslint's type-checked rules on
// every TypeScript file, its strict and stylistic sets on the code that ships or runs the platform,
// and relaxations in tests and benchmarks only where they do on purpose what production code must
// not. Formatting is Prettier's alone: eslint-config-prettier comes last and turns off every rule
// that could disagree with it.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** The code that ships (handlers, use cases, adapters, CDK), the local runner that stands in for AWS, and the ops scripts. */
const PRODUCTION = ['shared/**/*.ts', 'functions/**/*.ts', 'infra/**/*.ts', 'local/**/*.ts', 'scripts/**/*.ts'];

export default defineConfig(
  {
    ignores: ['node_modules/', 'cdk.out/', 'dist/', '.local/', 'coverage/', 'web/dist/', 'web/src/api/schema.gen.ts'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // Each file is checked with the tsconfig.json nearest to it, the same program `tsc --noEmit` builds.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: PRODUCTION,
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    rules: {
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // A `return promise` inside try/catch skips the catch; elsewhere `return await` is noise.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Numbers read well in messages; objects, nullish values and booleans in a template are usually a slip.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Off: DynamoDB items, JSON files and event payloads reach the code cast, not parsed, so the types
      // claim more than the data guarantees; the rule would have us delete the defensive checks that
      // keep a malformed item from becoming a crash.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Off: each `!` here follows a lookup the code has just made sure of (a key taken from the same
      // map, a field the query projects); replacing it with a throw adds branches no input reaches.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Off: `!x || x.f !== v` is the house spelling of "missing, or not the one asked for" in
      // not-found guards; `x?.f !== v` says the same but hides the missing case from the reader.
      '@typescript-eslint/prefer-optional-chain': 'off',
      // Relaxed: `() => doSomething()` and `() => void run()` (a callback's or timer's fire-and-forget)
      // read plainly; a void value used anywhere else is still an error.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidOperator: true }],
    },
  },
  {
    // After the strict block, so these hold for every TypeScript file.
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // A `_` prefix marks a name kept on purpose (a field dropped from a rest object, a callback's unused parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Off: an `async` function without `await` still means something (a throw becomes a rejection, the
      // caller's type wants a Promise), and dropping `async` to please the rule would change behaviour.
      // Forgotten awaits are what no-floating-promises and no-misused-promises catch.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Lambda code logs through Powertools (structured, with the request id); a bare console line loses that.
    files: ['shared/**/*.ts', 'functions/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // shared/domain holds the pure rules: no AWS, no outer layer, no clock (`now` is an argument).
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*', '@aws-lambda-powertools/*', 'aws-lambda', 'aws-cdk-lib', 'aws-cdk-lib/*', '@middy/*'], message: 'Domain rules are pure: AWS belongs in shared/adapters.' },
            { group: ['**/adapters/*', '**/use-cases/*', '**/http/*', '**/functions/*'], message: 'Domain rules do not depend on outer layers.' },
            { group: ['**/clock'], message: 'Domain rules take `now` as an argument.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Off: HTTP reply bodies, parsed JSON and synthesized CloudFormation are `any` on purpose in tests
      // (test/api/harness.ts's Reply<T = any>); the jest matchers on them are the type check.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Off: `expect(mock.method).toHaveBeenCalled()` passes a jest mock, never calls it unbound.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The JavaScript config files are outside the TypeScript program, so no type-aware rules; jest.config.js is CommonJS.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
  },
  prettier,
);
