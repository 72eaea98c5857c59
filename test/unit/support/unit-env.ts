// Environment of the unit tests that load handlers or adapters. Imported first by those files, so
// it is in place before Powertools and the AWS SDK clients read it at module load (a cold start).
// No network: every AWS client is replaced by aws-sdk-client-mock in the tests themselves.
Object.assign(process.env, {
  AWS_REGION: 'cn-north-1',
  AWS_ACCESS_KEY_ID: 'unit',
  AWS_SECRET_ACCESS_KEY: 'unit',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  PLATFORM_TABLE: 'unit-platform',
  DISTRICT_TABLES: 'minhang=unit-minhang-district,changning=unit-changning-district,jiading=unit-jiading-district',
  USER_POOL_ID: 'cn-north-1_unitpool',
  USER_POOL_CLIENT_ID: 'unit-client',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
});
delete process.env.DYNAMODB_ENDPOINT;
