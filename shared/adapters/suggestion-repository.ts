// The suggestion register (R10) in a district table: one partition per center (`SUGGESTION#<c>`),
// read whole for the reports, paged for the register, and the conditional writes of filing and
// replying as plan fragments. The keys are in ./district-keys.ts, the rules in
// shared/domain/suggestions.ts, the use cases in shared/use-cases/suggestions.ts.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Suggestion } from '../domain/suggestions';
import { suggestionKey } from './district-keys';
import { ddb, queryAll } from './dynamo';
import { readPage, type Page, type PageQuery } from './paging';
import type { OnFailure, TransactionPlan } from './transaction';

function toSuggestion(item: Record<string, unknown>): Suggestion {
  const { PK: _pk, SK: _sk, ...rest } = item;
  return rest as unknown as Suggestion;
}

/** Every suggestion of a center, oldest first (one partition; ids are ULIDs, `createdAt` decides). */
export async function listCenterSuggestions(table: string, centerId: string): Promise<Suggestion[]> {
  const items = await queryAll({
    TableName: table,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': suggestionKey(centerId, '').PK },
    ConsistentRead: true,
  });
  return items.map(toSuggestion).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.suggestionId.localeCompare(b.suggestionId));
}

export async function getSuggestion(table: string, centerId: string, suggestionId: string): Promise<Suggestion | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: suggestionKey(centerId, suggestionId), ConsistentRead: true }));
  return out.Item ? toSuggestion(out.Item) : undefined;
}

/** One page of a center's register, oldest first (ids are ULIDs); `open`/`replied` filter in the query. */
export async function readSuggestionPage(table: string, centerId: string, status: 'open' | 'replied' | 'all', page: PageQuery): Promise<Page<Suggestion>> {
  const filter = status === 'all' ? {} : { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } };
  const read = await readPage({
    list: `GET /centers/{centerId}/suggestions|${centerId}|${status}`,
    sources: [
      {
        id: 'register',
        query: {
          TableName: table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': suggestionKey(centerId, '').PK, ...(status === 'all' ? {} : { ':status': status }) },
          ConsistentRead: true,
          ...filter,
        },
        keyAttributes: ['PK', 'SK'],
      },
    ],
    limit: page.limit,
    cursor: page.cursor,
  });
  return { items: read.items.map(toSuggestion), nextCursor: read.nextCursor };
}

/** A new suggestion in the register (never overwriting one: `onTaken` says what a collision means). */
export function planSuggestionRecord(plan: TransactionPlan, table: string, suggestion: Suggestion, onTaken: OnFailure): void {
  plan.add(
    {
      Put: {
        TableName: table,
        Item: { ...suggestionKey(suggestion.centerId, suggestion.suggestionId), ...suggestion },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    onTaken,
  );
}

/** The reply, once: open → replied (`onAnswered` says what it means when another reply won). */
export function planSuggestionReply(
  plan: TransactionPlan,
  table: string,
  key: { centerId: string; suggestionId: string },
  reply: { reply: string; repliedAt: string; repliedBy: string },
  onAnswered: OnFailure,
): void {
  plan.add(
    {
      Update: {
        TableName: table,
        Key: suggestionKey(key.centerId, key.suggestionId),
        UpdateExpression: 'SET #status = :replied, reply = :reply, repliedAt = :at, repliedBy = :by',
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':replied': 'replied', ':reply': reply.reply, ':at': reply.repliedAt, ':by': reply.repliedBy, ':open': 'open' },
      },
    },
    onAnswered,
  );
}
