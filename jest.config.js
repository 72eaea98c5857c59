// Test projects (select with `npx jest --selectProjects unit`):
//  unit        pure domain, validation, adapters with aws-sdk-client-mock — no network
//  integration repositories against DynamoDB Local (started by test/dynamo-global-setup.ts)
//  api         HTTP through the local gateway, DynamoDB Local, local identity provider
//  infra       aws-cdk-lib/assertions on the synthesized stacks, cdk-nag
const tsJest = {
  '^.+\\.(t|j)sx?$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, esModuleInterop: true }, diagnostics: false }],
};
const common = {
  testEnvironment: 'node',
  transform: tsJest,
  // middy ships ESM only; transform it like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(@middy)/)'],
};
const dynamo = {
  globalSetup: '<rootDir>/test/dynamo-global-setup.ts',
  globalTeardown: '<rootDir>/test/dynamo-global-teardown.ts',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, ...dynamo, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, ...dynamo, displayName: 'api', testMatch: ['<rootDir>/test/api/**/*.test.ts'] },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
  ],
};
