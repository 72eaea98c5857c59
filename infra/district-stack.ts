// One per district (config/districts/<id>.json): its own table (which also holds the idempotency
// records of bookings and cancellations), the HTTP API with one Lambda per route of shared/routes.ts,
// the per-district scheduled jobs of shared/schedules.ts (the no-show sweeper) and the notifier of its
// table's outbox. Each function gets only what its route's or job's `access` asks for (route functions
// with equal access share one role, infra/constructs/lmb-function.ts `roleProfile`), and a
// district's functions only ever see their own district's table.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { DistrictConfig, PlatformConfig } from '../shared/config';
import { routes as routeTable } from '../shared/routes';
import { type ScheduleDef, schedules as scheduleTable, schedulesOf } from '../shared/schedules';
import { districtTable } from '../shared/tables';
import { type AccessOffer, accessProfile, LmbFunction, METRICS_NAMESPACE } from './constructs/lmb-function';
import { DataKey } from './constructs/data-key';
import { type DataTable, importDataTable, LmbTable, removalPolicyOf } from './constructs/lmb-table';
import { type DeployableRoute, RouteApi } from './constructs/route-api';
import { OutboxNotifier } from './constructs/outbox-notifier';
import { ScheduledFunction } from './constructs/scheduled-function';

export { METRICS_NAMESPACE };

export interface DistrictStackProps extends StackProps {
  platform: PlatformConfig;
  district: DistrictConfig;
  platformTable: LmbTable;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  /** The platform's ops alert topic: alarms of the district's scheduled jobs and notifier notify it. */
  alertsTopic: ITopic;
  /** Defaults to shared/routes.ts; tests pass extra entries. */
  routes?: readonly DeployableRoute[];
  /** The web client's origin (the platform stack's CloudFront), the only browser origin allowed. */
  webOrigin?: string;
  /** Defaults to shared/schedules.ts; only the `district` entries are built here. */
  schedules?: readonly ScheduleDef[];
}

/** `list-my-bindings` → `ListMyBindings`: a readable construct id per handler module. */
const pascal = (handler: string): string => handler.replace(/(^|[-_/])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

export class DistrictStack extends Stack {
  readonly districtId: string;
  /** The stack's own table; retained (and no longer served) once the config names a restored one. */
  readonly districtTable: LmbTable;
  /** The table the district's functions and notifier use: `districtTable`, or `restoredTable` of the config. */
  readonly dataTable: DataTable;
  /** The district's own key: its table, log groups and queues (infra/constructs/data-key.ts). */
  readonly dataKey: DataKey;
  readonly routeApi: RouteApi;
  /** Route functions by handler module name. */
  readonly functions = new Map<string, LmbFunction>();
  /** Scheduled jobs by schedule name. */
  readonly scheduled = new Map<string, ScheduledFunction>();
  /** Delivers the district table's outbox. */
  readonly notifier: OutboxNotifier;

  constructor(scope: Construct, id: string, props: DistrictStackProps) {
    super(scope, id, props);
    const { platform, district } = props;
    this.districtId = district.districtId;
    const removalPolicy = removalPolicyOf(district.removalPolicy);

    this.dataKey = new DataKey(this, { cityId: platform.cityId, owner: district.districtId, label: `district ${district.districtId}` });
    this.districtTable = new LmbTable(this, districtTable, district.removalPolicy, this.dataKey);
    // docs/runbook-restore.md: a restored table is served by name; the stack's own table stays as it is.
    this.dataTable = district.restoredTable ? importDataTable(this, 'RestoredDistrictTable', districtTable, district.restoredTable, this.dataKey) : this.districtTable;
    // CloudFormation names the table; ops need the name for the AWS CLI (README "Deploying (ops)").
    new CfnOutput(this, 'DistrictTableName', {
      value: this.dataTable.tableName,
      description: `District ${district.districtId} DynamoDB table: detainees, bindings, sessions, bookings, waitlist, audit, outbox (docs/data-model.md)`,
    });
    if (district.restoredTable) {
      new CfnOutput(this, 'ReplacedDistrictTableName', {
        value: this.districtTable.tableName,
        description: `The stack's own table of district ${district.districtId}, no longer served since restoredTable (docs/runbook-restore.md)`,
      });
    }
    const offer: AccessOffer = {
      platformTable: props.platformTable,
      district: { table: this.dataTable, districtId: district.districtId },
      identity: { userPool: props.userPool, userPoolClientId: props.userPoolClient.userPoolClientId },
    };

    const accessOf = new Map<string, string>();
    const functionFor = (route: DeployableRoute): LmbFunction => {
      // Several routes may share a handler module only if they need exactly the same access.
      const access = accessProfile(route.access ?? {});
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
        roleProfile: access,
        ...(route.timeoutSeconds ? { timeout: Duration.seconds(route.timeoutSeconds) } : {}),
      });
      fn.bindAccess(route.access ?? {}, offer);
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
      accessLogDays: platform.retention.accessLogDays,
      removalPolicy,
      functionFor,
      corsOrigins: props.webOrigin ? [props.webOrigin] : undefined,
    });

    for (const def of schedulesOf('district', props.schedules ?? scheduleTable)) {
      if (this.scheduled.has(def.name)) throw new Error(`schedule ${def.name} appears twice in shared/schedules.ts`);
      this.scheduled.set(
        def.name,
        new ScheduledFunction(this, def.name, {
          def,
          serviceName: `lmb-${platform.cityId}-${district.districtId}`,
          removalPolicy,
          alertsTopic: props.alertsTopic,
          offer,
          description: `functions/${def.handler}.ts, district ${district.districtId} (scheduled)`,
        }),
      );
    }

    this.notifier = new OutboxNotifier(this, 'Notifier', {
      scope: 'district',
      offer,
      serviceName: `lmb-${platform.cityId}-${district.districtId}`,
      removalPolicy,
      alertsTopic: props.alertsTopic,
      emailFrom: platform.notifyEmailFrom,
      label: `district ${district.districtId}`,
    });
  }
}
