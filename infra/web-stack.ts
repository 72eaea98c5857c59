// One per city, deployed last: uploads the built web client (web/dist, built locally — no Docker)
// to the platform stack's bucket and writes /config.json with every district stack's ApiUrl, then
// invalidates what changed. It is its own stack because config.json needs the district APIs,
// which are created after (and from) the platform stack: platform → districts → web, one direction,
// so a deploy from an empty account works in that order.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Stack, type StackProps } from 'aws-cdk-lib';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { type WebHosting, webBucketName } from './constructs/web-hosting';

export interface WebEndpoint {
  districtId: string;
  name: string;
  apiUrl: string;
}

export interface WebStackProps extends StackProps {
  cityId: string;
  cityName: string;
  hosting: WebHosting;
  districts: WebEndpoint[];
  /** The built app (npm run build:web). */
  webDist: string;
}

/** The document the app reads at start (web/src/core/config.ts). */
export const webConfig = (cityName: string, districts: WebEndpoint[]) => ({ cityName, districts });

export class WebStack extends Stack {
  readonly cityId: string;
  readonly assets: BucketDeployment;
  readonly entry: BucketDeployment;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    this.cityId = props.cityId;
    if (!existsSync(path.join(props.webDist, 'index.html'))) {
      throw new Error(`the web client is not built (${props.webDist}/index.html is missing): run \`npm run build:web\` before synth or deploy`);
    }
    const { distribution } = props.hosting;
    // By name, not by reference: see webBucketName.
    const bucket = Bucket.fromBucketName(this, 'SiteBucket', webBucketName(props.cityId));

    // Hashed assets first, cached for a year and never pruned, so a tab that still has the
    // previous index.html keeps loading its chunks.
    this.assets = new BucketDeployment(this, 'Assets', {
      sources: [Source.asset(props.webDist)],
      destinationBucket: bucket,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      memoryLimit: 512,
    });

    // Then the entry points, revalidated on every load, and the district endpoints.
    this.entry = new BucketDeployment(this, 'Entry', {
      sources: [Source.asset(props.webDist), Source.jsonData('config.json', webConfig(props.cityName, props.districts))],
      destinationBucket: bucket,
      exclude: ['assets/*', '.build-stamp', '.vite/*'],
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution,
      distributionPaths: ['/index.html', '/config.json', '/favicon.svg'],
      memoryLimit: 512,
    });
    this.entry.node.addDependency(this.assets);
  }
}
