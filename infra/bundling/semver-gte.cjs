// What the Lambda bundles get for `semver` (the esbuild alias in infra/bundling/options.ts): the
// one function the bundled code calls, from semver itself, instead of the whole package (28 KB of
// ranges, classes and parsing no handler uses). Its one importer is the X-Ray SDK's AWS SDK v2
// patcher (aws-xray-sdk-core/dist/lib/patchers/aws_p.js: `semver.gte(awssdk.VERSION, min)`, reached
// only through Tracer.captureAWS, which nothing here calls); test/infra/bundling.test.ts fails if a
// bundled module starts to import semver for anything else. A relative path: an alias of `semver`
// would also rewrite `semver/functions/gte`.
module.exports = { gte: require('../../node_modules/semver/functions/gte.js') };
