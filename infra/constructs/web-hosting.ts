// Where the web client lives in the cloud (SPEC §7.4): a private S3 bucket (no public access,
// TLS only) read by CloudFront through origin access control, HTTPS only, with the security
// headers set by a ResponseHeadersPolicy (a CSP without inline script, HSTS, frame-ancestors none)
// and client routes answered with index.html by a CloudFront Function, as local/web-site.ts does
// locally. It holds no files: infra/web-stack.ts uploads them once the district APIs exist.
import { Aws, Duration, type RemovalPolicy, CfnOutput } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  Function as CloudFrontFunction,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Extensions of files the site has; any other path is a client route (ids may contain dots). */
export const STATIC_EXTENSIONS = ['html', 'js', 'mjs', 'css', 'json', 'svg', 'png', 'ico', 'woff2', 'txt', 'webmanifest', 'map'];

/**
 * The Content-Security-Policy of the app: nothing inline, nothing from another origin except the
 * district APIs (execute-api of this region), no framing.
 */
export function contentSecurityPolicy(apiOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    'upgrade-insecure-requests',
  ].join('; ');
}

/** CloudFront Function (viewer request): a client route gets /index.html, files stay files. */
export const SPA_REWRITE_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  var dot = last.lastIndexOf('.');
  var ext = dot > 0 ? last.slice(dot + 1).toLowerCase() : '';
  if (${JSON.stringify(STATIC_EXTENSIONS)}.indexOf(ext) === -1) request.uri = '/index.html';
  return request;
}`;

/**
 * The site bucket's name, known to both stacks without a cross-stack export (account and region
 * make it globally unique), so the web stack's deployment policy names it exactly.
 */
export const webBucketName = (cityId: string): string => `lmb-${cityId}-web-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

export interface WebHostingProps {
  cityId: string;
  removalPolicy: RemovalPolicy;
}

export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  /** `https://<distribution>.cloudfront.net`: the one origin the district APIs allow (CORS). */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const autoDelete = false;

    // CloudFront standard logs need ACLs on their bucket; nothing else writes there.
    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: autoDelete,
    });

    this.bucket = new Bucket(this, 'Site', {
      bucketName: webBucketName(props.cityId),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
      // Old hashed assets are kept by the deployment for open tabs; old versions need not be.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: autoDelete,
    });

    const apiOrigin = `https://*.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
    this.headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `lmb-${props.cityId}-web-security`,
      comment: 'Web client: CSP without inline script, HSTS, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(apiOrigin), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    const rewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      code: FunctionCode.fromInline(SPA_REWRITE_CODE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Client routes of the web client are answered with /index.html',
    });

    this.distribution = new Distribution(this, 'Cdn', {
      comment: `lmb-${props.cityId} web client`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // Objects carry their own Cache-Control (immutable assets, no-cache index.html and config.json).
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
        functionAssociations: [{ function: rewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;

    new CfnOutput(scope, 'WebUrl', { value: this.origin, description: 'The web client (CloudFront)' });
    new CfnOutput(scope, 'WebBucketName', { value: this.bucket.bucketName, description: 'Private bucket of the web client' });
  }
}
