// Builds a cloud DynamoDB table from a shared/tables.ts definition, the same definition the local
// runner uses for DynamoDB Local, so keys, indexes and TTL cannot drift between the two. Table
// names are left to CloudFormation and reach handlers through env (LmbFunction.bindTable).
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { TableDef } from '../../shared/tables';

export type RemovalSetting = 'retain' | 'destroy';

export const removalPolicyOf = (setting: RemovalSetting): RemovalPolicy => (setting === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);

const str = (name: string) => ({ name, type: AttributeType.STRING });

/** A table that remembers its definition, so grants can name each index instead of `index/*`. */
export class LmbTable extends Table {
  readonly def: TableDef;

  constructor(scope: Construct, def: TableDef, removal: RemovalSetting) {
    super(scope, `${def.id}Table`, {
      partitionKey: str(def.key.partitionKey),
      sortKey: str(def.key.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: def.ttlAttribute,
      stream: def.stream ? StreamViewType.NEW_AND_OLD_IMAGES : undefined,
      removalPolicy: removalPolicyOf(removal),
      // A retained table also refuses a console or API delete.
      deletionProtection: removal === 'retain',
    });
    this.def = def;
    for (const index of def.indexes) {
      this.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: str(index.partitionKey),
        sortKey: str(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
  }

  /** The table ARN and one ARN per index of the definition. */
  get dataArns(): string[] {
    return [this.tableArn, ...this.def.indexes.map((i) => `${this.tableArn}/index/${i.indexName}`)];
  }
}
