// The CDK app: one platform stack per city, one district stack per config/districts/*.json and the
// web stack (the web client's files and config.json, deployed after the districts),
// all env-agnostic so `npm run synth` works offline, checked by cdk-nag's AWS Solutions pack.
// Run by cdk.json (`npx tsx infra/app.ts`); tests call buildApp() with bundling skipped.
import path from 'node:path';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type CityConfig, loadCityConfig } from '../shared/config';
import type { ScheduleDef } from '../shared/schedules';
import { DistrictStack } from './district-stack';
import { applyNagSuppressions } from './nag-suppressions';
import { PlatformStack } from './platform-stack';
import { WebStack } from './web-stack';
import type { DeployableRoute } from './constructs/route-api';

export interface BuildOptions {
  appProps?: AppProps;
  config?: CityConfig;
  /** Defaults to shared/routes.ts. */
  routes?: readonly DeployableRoute[];
  /** Defaults to shared/schedules.ts. */
  schedules?: readonly ScheduleDef[];
  /** The built web client; defaults to web/dist. */
  webDist?: string;
}

export interface CityApp {
  app: App;
  platform: PlatformStack;
  districts: DistrictStack[];
  web: WebStack;
}

export function buildApp(options: BuildOptions = {}): CityApp {
  const app = new App(options.appProps);
  const config = options.config ?? loadCityConfig();
  const { cityId } = config.platform;

  const platform = new PlatformStack(app, `Lmb-${cityId}-platform`, {
    platform: config.platform,
    schedules: options.schedules,
    description: `Lawyer meeting booking, ${config.platform.cityName}: identity, lawyer registry, violations, alerts`,
  });
  const districts = config.districts.map(
    (district) =>
      new DistrictStack(app, `Lmb-${cityId}-${district.districtId}`, {
        platform: config.platform,
        district,
        platformTable: platform.platformTable,
        userPool: platform.userPool,
        userPoolClient: platform.userPoolClient,
        alertsTopic: platform.alertsTopic,
        routes: options.routes,
        schedules: options.schedules,
        webOrigin: platform.web.origin,
        description: `Lawyer meeting booking, ${district.name}: bookings, bindings and the district HTTP API`,
      }),
  );

  // Deployed last: config.json names every district's API (platform → districts → web); the
  // cross-stack references order the deploys.
  const web = new WebStack(app, `Lmb-${cityId}-web`, {
    cityId,
    cityName: config.platform.cityName,
    hosting: platform.web,
    districts: districts.map((d, i) => ({ districtId: d.districtId, name: config.districts[i].name, apiUrl: d.routeApi.stage.url })),
    webDist: options.webDist ?? path.join(__dirname, '..', 'web', 'dist'),
    description: `Lawyer meeting booking, ${config.platform.cityName}: the web client's files and its district endpoints`,
  });

  applyNagSuppressions(platform, districts, web);
  // cdk-nag 3 is a CDK policy-validation plugin (v2 was an Aspect): any unacknowledged finding fails synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, platform, districts, web };
}

if (require.main === module) {
  buildApp().app.synth();
}
