// The web client in the cloud (SPEC §7.4): a private bucket read only by CloudFront through origin
// access control, HTTPS only, the security headers (a CSP without inline script, HSTS,
// frame-ancestors none), client routes rewritten to index.html; the district APIs allow that one
// origin (CORS); the web stack uploads the build and writes config.json with every district's API.
import { Template } from 'aws-cdk-lib/assertions';
import { contentSecurityPolicy, SPA_REWRITE_CODE } from '../../infra/constructs/web-hosting';
import { type Json, synthCity } from './city';

const city = synthCity();
const platform = Template.fromStack(city.platform);
const web = Template.fromStack(city.web);
const one = (template: Template, type: string): Json => {
  const found = Object.values(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0];
};
const resources = (template: Template, type: string): Json[] => Object.values(template.findResources(type));

describe('the bucket is not public', () => {
  test('every public access is blocked, on the site bucket and its log bucket', () => {
    const buckets = resources(platform, 'AWS::S3::Bucket');
    expect(buckets.length).toBe(2);
    for (const b of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(b.Properties.BucketEncryption).toBeDefined();
      expect(b.Properties.WebsiteConfiguration).toBeUndefined();
    }
  });

  test('the only reader is CloudFront, for this distribution; plain HTTP is denied', () => {
    const policies = resources(platform, 'AWS::S3::BucketPolicy').map((p) => p.Properties.PolicyDocument.Statement as Json[]);
    for (const statements of policies) {
      for (const s of statements.filter((x) => x.Effect === 'Allow')) {
        expect(s.Principal).not.toEqual('*');
        expect(s.Principal.AWS).toBeUndefined();
      }
      expect(statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
    }
    const reads = policies.flat().filter((s) => s.Effect === 'Allow' && s.Principal.Service === 'cloudfront.amazonaws.com');
    expect(reads).toHaveLength(1);
    expect(reads[0].Action).toBe('s3:GetObject');
    expect(JSON.stringify(reads[0].Condition.StringEquals['AWS:SourceArn'])).toContain(':distribution/');
  });

  test('origin access control signs every request to the bucket (no legacy OAI)', () => {
    const oac = one(platform, 'AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    expect(resources(platform, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
    const origin = one(platform, 'AWS::CloudFront::Distribution').Properties.DistributionConfig.Origins[0];
    expect(origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(origin.OriginAccessControlId).toBeDefined();
  });
});

describe('HTTPS and the security headers', () => {
  const distribution = one(platform, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
  const headers = one(platform, 'AWS::CloudFront::ResponseHeadersPolicy').Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;

  test('viewers are redirected to HTTPS; index.html is the root; requests and logs', () => {
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(distribution.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(distribution.DefaultRootObject).toBe('index.html');
    expect(distribution.Logging.Bucket).toBeDefined();
  });

  test('the CSP forbids inline script, framing and other origins except the district APIs', () => {
    const csp = headers.ContentSecurityPolicy;
    expect(csp.Override).toBe(true);
    const text = JSON.stringify(csp.ContentSecurityPolicy);
    expect(text).toContain("script-src 'self'");
    expect(text).toContain("frame-ancestors 'none'");
    expect(text).toContain("object-src 'none'");
    expect(text).not.toContain('unsafe-inline');
    expect(text).not.toContain('unsafe-eval');
    expect(text).toContain('connect-src');
    expect(text).toContain('.execute-api.');
    expect(contentSecurityPolicy('https://api.example')).toContain("connect-src 'self' https://api.example;");
  });

  test('HSTS for two years with subdomains; no framing; no sniffing', () => {
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 730 * 86400, IncludeSubdomains: true, Override: true });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
    expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
  });

  test('client routes are rewritten to /index.html, files are not (the same rule as local mode)', () => {
    const fn = one(platform, 'AWS::CloudFront::Function');
    expect(fn.Properties.FunctionCode).toBe(SPA_REWRITE_CODE);

    // The CloudFront function's own source, run as CloudFront would run it: evaluating it is the test.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const handler = new Function(`${SPA_REWRITE_CODE}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    const uri = (u: string) => handler({ request: { uri: u } }).uri;
    expect(uri('/lawyer/bookings/minhang-kss/bk.minhang.01ABC')).toBe('/index.html');
    expect(uri('/desk')).toBe('/index.html');
    expect(uri('/')).toBe('/index.html');
    expect(uri('/assets/index-abc.js')).toBe('/assets/index-abc.js');
    expect(uri('/config.json')).toBe('/config.json');
  });
});

describe('the district APIs allow the web origin, and nothing else', () => {
  test.each(city.districts.map((d) => [d.districtId, d] as const))('%s: CORS for the CloudFront origin only, Retry-After readable', (_id, district) => {
    const api = one(Template.fromStack(district), 'AWS::ApiGatewayV2::Api');
    const cors = api.Properties.CorsConfiguration;
    expect(cors.AllowOrigins).toHaveLength(1);
    expect(JSON.stringify(cors.AllowOrigins[0])).toMatch(/^\{"Fn::Join":\["",\["https:\/\/",\{"Fn::ImportValue":"Lmb-shanghai-platform:ExportsOutputFnGetAttWebCdn[^"]*DomainName/);
    expect(cors.AllowOrigins).not.toContain('*');
    expect(cors.AllowHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type', 'idempotency-key']));
    expect(cors.ExposeHeaders).toEqual(expect.arrayContaining(['retry-after']));
    expect(cors.AllowCredentials).toBeUndefined();
  });
});

describe('the web stack', () => {
  const deployments = resources(web, 'Custom::CDKBucketDeployment');

  test('hashed assets cached for a year, entry files revalidated, old assets kept, the entry invalidated', () => {
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((d) => JSON.stringify(d.Properties.Include) === '["assets/*"]') as Json;
    const entry = deployments.find((d) => d !== assets) as Json;
    expect(assets.Properties.SystemMetadata['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(entry.Properties.SystemMetadata['cache-control']).toBe('no-cache');
    expect([assets.Properties.Prune, entry.Properties.Prune]).toEqual([false, false]);
    expect(entry.Properties.DistributionPaths).toEqual(expect.arrayContaining(['/index.html', '/config.json']));
    expect(entry.Properties.DestinationBucketName).toEqual(assets.Properties.DestinationBucketName);
  });

  test("config.json lists every district with its API's URL from its stack", () => {
    const entry = deployments.find((d) => JSON.stringify(d.Properties.Include) !== '["assets/*"]') as Json;
    const markers = JSON.stringify(entry.Properties.SourceMarkers);
    for (const d of city.districts) expect(markers).toContain(`"Fn::ImportValue":"${d.stackName}:ExportsOutputRef`);
  });

  test('deploys after the platform and every district (a deploy from an empty account in order)', () => {
    const dependsOn = city.web.dependencies.map((s) => s.stackName).sort();
    expect(dependsOn).toEqual([city.platform, ...city.districts].map((s) => s.stackName).sort());
    for (const d of city.districts) expect(d.dependencies.map((s) => s.stackName)).not.toContain(city.web.stackName);
  });

  test('refuses to synthesize without a built web client', () => {
    expect(() => synthCity({ webDist: '/nonexistent/web/dist' })).toThrow(/npm run build:web/);
  });
});
