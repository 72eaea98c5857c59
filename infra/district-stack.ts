// One per district (config/districts/<id>.json): its own table and idempotency table, and the HTTP
// API with one Lambda per route of shared/routes.ts. Each function gets only what its route's
// `access` asks for, and a district's functions only ever see their own district's tables.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { DistrictConfig, PlatformConfig } from '../shared/config';
import { routes as routeTable } from '../shared/routes';
import { districtTable, idempotencyTable } from '../shared/tables';
import { LmbFunction } from './constructs/lmb-function';
import { LmbTable, removalPolicyOf } from './constructs/lmb-table';
import { type DeployableRoute, RouteApi } from './constructs/route-api';

export const METRICS_NAMESPACE = 'LawyerMeetings';

export interface DistrictStackProps extends StackProps {
  platform: PlatformConfig;
  district: DistrictConfig;
  platformTable: LmbTable;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  /** Defaults to shared/routes.ts; tests pass extra entries. */
  routes?: readonly DeployableRoute[];
}

/** `list-my-bindings` → `ListMyBindings`: a readable construct id per handler module. */
const pascal = (handler: string): string => handler.replace(/(^|[-_/])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

export class DistrictStack extends Stack {
  readonly districtId: string;
  readonly districtTable: LmbTable;
  readonly idempotencyTable: LmbTable;
  readonly routeApi: RouteApi;
  /** By handler module name. */
  readonly functions = new Map<string, LmbFunction>();

  constructor(scope: Construct, id: string, props: DistrictStackProps) {
    super(scope, id, props);
    const { platform, district } = props;
    this.districtId = district.districtId;
    const removalPolicy = removalPolicyOf(district.removalPolicy);

    this.districtTable = new LmbTable(this, districtTable, district.removalPolicy);
    this.idempotencyTable = new LmbTable(this, idempotencyTable, district.removalPolicy);

    const accessOf = new Map<string, string>();
    const functionFor = (route: DeployableRoute): LmbFunction => {
      // Several routes may share a handler module only if they need exactly the same access.
      const access = JSON.stringify(route.access ?? {});
      const existing = this.functions.get(route.handler);
      if (existing) {
        if (accessOf.get(route.handler) !== access) throw new Error(`handler ${route.handler} is used by routes with different access`);
        return existing;
      }
      const fn = new LmbFunction(this, pascal(route.handler), {
        handlerModule: route.handler,
        serviceName: `lmb-${platform.cityId}-${district.districtId}`,
        metricsNamespace: METRICS_NAMESPACE,
        removalPolicy,
        description: `functions/${route.handler}.ts, district ${district.districtId}`,
      });
      const a = route.access ?? {};
      if (a.platform) fn.bindTable({ table: props.platformTable, access: a.platform, envName: 'PLATFORM_TABLE' });
      if (a.district) fn.bindTable({ table: this.districtTable, access: a.district, envName: 'DISTRICT_TABLES', key: district.districtId });
      if (a.idempotency) fn.bindTable({ table: this.idempotencyTable, access: a.idempotency, envName: 'IDEMPOTENCY_TABLES', key: district.districtId });
      if (a.identity) fn.bindIdentity(props.userPool, props.userPoolClient.userPoolClientId, a.identity);
      this.functions.set(route.handler, fn);
      accessOf.set(route.handler, access);
      return fn;
    };

    this.routeApi = new RouteApi(this, 'Http', {
      apiName: `lmb-${platform.cityId}-${district.districtId}`,
      routes: props.routes ?? routeTable,
      jwtIssuer: `https://cognito-idp.${this.region}.${this.urlSuffix}/${props.userPool.userPoolId}`,
      jwtAudience: [props.userPoolClient.userPoolClientId],
      throttle: platform.throttle,
      removalPolicy,
      functionFor,
    });
  }
}
