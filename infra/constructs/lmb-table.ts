// Builds a cloud DynamoDB table from a shared/tables.ts definition, the same definition the local
// runner uses for DynamoDB Local, so keys, indexes and TTL cannot drift between the two. Table
// names are left to CloudFormation and reach handlers through env (LmbFunction.bindTable).
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type ITable, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { TableDef } from '../../shared/tables';

export type RemovalSetting = 'retain' | 'destroy';

export const removalPolicyOf = (setting: RemovalSetting): RemovalPolicy => (setting === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);

const str = (name: string) => ({ name, type: AttributeType.STRING });

/** What functions are bound to: a table of a shared/tables.ts definition, owned or imported. */
export interface DataTable extends ITable {
  readonly def: TableDef;
  /** The table ARN and one ARN per index of the definition. */
  readonly dataArns: string[];
}

/** A table that remembers its definition, so grants can name each index instead of `index/*`. */
export class LmbTable extends Table implements DataTable {
  readonly def: TableDef;

  /** `key`: the stack's customer-managed key (infra/constructs/data-key.ts). */
  constructor(scope: Construct, def: TableDef, removal: RemovalSetting, key: IKey) {
    super(scope, `${def.id}Table`, {
      partitionKey: str(def.key.partitionKey),
      sortKey: str(def.key.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
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

/**
 * A table the stack does not own (a district table restored from a backup, docs/runbook-restore.md),
 * by name and stream ARN, encrypted with `key`: grants name it and its indexes exactly as for an
 * owned table. Its settings (stream, TTL, PITR, deletion protection, key) are what ops set on it.
 */
export function importDataTable(scope: Construct, id: string, def: TableDef, ref: { tableName: string; streamArn: string }, key: IKey): DataTable {
  const table = Table.fromTableAttributes(scope, id, { tableName: ref.tableName, tableStreamArn: ref.streamArn, encryptionKey: key });
  const dataArns = [table.tableArn, ...def.indexes.map((i) => `${table.tableArn}/index/${i.indexName}`)];
  return Object.assign(table, { def, dataArns });
}
