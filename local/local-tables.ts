// Tables that exist only in local mode: the local identity provider's users and the outbox where
// every SMS/e-mail lands instead of being sent. Same PK/SK layout as shared/tables.ts.
import type { TableDef } from '../shared/tables';

export const localIdentityTable: TableDef = { id: 'LocalIdentity', key: { partitionKey: 'PK', sortKey: 'SK' }, indexes: [], stream: false };
export const localOutboxTable: TableDef = { id: 'LocalOutbox', key: { partitionKey: 'PK', sortKey: 'SK' }, indexes: [], stream: false };

export const LOCAL_IDENTITY_TABLE = 'lmb-local-identity';
export const LOCAL_OUTBOX_TABLE = 'lmb-local-outbox';
