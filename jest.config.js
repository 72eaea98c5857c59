// Test projects (select with `npx jest --selectProjects unit`):
//  unit        pure domain, validation, adapters with aws-sdk-client-mock — no network
//  integration repositories against DynamoDB Local (started by test/dynamo-global-setup.ts)
//  api         HTTP through the local gateway, DynamoDB Local, local identity provider; run in band
//              (npm test): its files share the local tables and the sweeper sweeps them all
//  infra       aws-cdk-lib/assertions on the synthesized stacks, cdk-nag
//  cognito     the Cognito identity adapter against cognito-local (started by test/cognito/global-setup.ts,
//              its user pool built from the synthesized platform stack)
//  web         the web client in Debian's Chromium (playwright-core) against `npm start` in memory
//              mode (started by test/web/global-setup.ts); run in band: one platform, one clock
// Node 20 is supported here; the SDK's notice about its future Node 22 floor is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const tsJest = {
  '^.+\\.(t|j)sx?$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, esModuleInterop: true }, diagnostics: false }],
};
const common = {
  testEnvironment: 'node',
  transform: tsJest,
  // middy, jose and zod's locale files resolve to ESM builds under Jest; transform them like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose|zod)/)'],
};
const dynamo = {
  globalSetup: '<rootDir>/test/dynamo-global-setup.ts',
  globalTeardown: '<rootDir>/test/dynamo-global-teardown.ts',
};

module.exports = {
  // jest-circus reads the timeout from the global config only: a project's `testTimeout` is ignored,
  // which left the integration and API tests at the 5 s default (they time out on a loaded machine).
  testTimeout: 30_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, ...dynamo, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'], testTimeout: 30_000 },
    { ...common, ...dynamo, displayName: 'api', testMatch: ['<rootDir>/test/api/**/*.test.ts'], testTimeout: 30_000 },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    {
      ...common,
      displayName: 'cognito',
      testMatch: ['<rootDir>/test/cognito/**/*.test.ts'],
      globalSetup: '<rootDir>/test/cognito/global-setup.ts',
      globalTeardown: '<rootDir>/test/cognito/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'web',
      testMatch: ['<rootDir>/test/web/**/*.test.ts'],
      globalSetup: '<rootDir>/test/web/global-setup.ts',
      globalTeardown: '<rootDir>/test/web/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/web/support/timeout.ts'],
    },
  ],
};
