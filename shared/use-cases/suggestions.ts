// The suggestion register of a center (R10, notice 三.4): lawyers file, staff of the center reply
// within the configured number of days, the district's bar committee and admins read. A reply is one
// conditional transaction (open → replied, plus the lawyer's notification), so a suggestion is
// answered once and the lawyer is told exactly once. Reads never scan: a center's register is one
// partition.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { noteAudit } from '../audit';
import { servedCenter, staffCenter, type ServedCenter } from '../centers';
import { cityConfig } from '../config';
import { suggestionKey } from '../adapters/district-keys';
import { ddb, queryAll } from '../adapters/dynamo';
import { readPage, type PageQuery } from '../adapters/paging';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { Forbidden, InvalidState, NotFound } from '../errors';
import { newId } from '../ids';
import { planNotification } from '../notifications/outbox';
import type { Principal } from '../principal';
import { shanghaiIso } from '../time';
import { type Suggestion } from '../domain/suggestions';

const DAY_MS = 24 * 3600 * 1000;
const MAX_ATTEMPTS = 5;
/** The reply travels by SMS: a long answer is cut there (the register keeps it whole). */
export const SMS_REPLY_CHARS = 60;

export type SuggestionView = Omit<Suggestion, 'reply' | 'repliedAt' | 'repliedBy'> & {
  overdue: boolean;
  reply: string | null;
  repliedAt: string | null;
  repliedBy: string | null;
};

/**
 * Overdue (R10): the center missed the reply deadline — the suggestion is still open after
 * `replyDueBy`, or its reply came after `replyDueBy`. A late reply stays flagged, so the register
 * (and the reports) keep the record of the missed deadline. Instants compare as times, not strings.
 */
export function isOverdue(s: Pick<Suggestion, 'status' | 'replyDueBy' | 'repliedAt'>, now: Date): boolean {
  const due = Date.parse(s.replyDueBy);
  if (s.status === 'open') return now.getTime() > due;
  return s.repliedAt !== undefined && Date.parse(s.repliedAt) > due;
}

export const suggestionView = (s: Suggestion, now: Date): SuggestionView => ({
  suggestionId: s.suggestionId,
  centerId: s.centerId,
  lawyerId: s.lawyerId,
  text: s.text,
  status: s.status,
  createdAt: s.createdAt,
  replyDueBy: s.replyDueBy,
  overdue: isOverdue(s, now),
  reply: s.reply ?? null,
  repliedAt: s.repliedAt ?? null,
  repliedBy: s.repliedBy ?? null,
});

/** The SMS form of a reply: at most SMS_REPLY_CHARS characters, an ellipsis when cut. */
export function smsReply(reply: string): string {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points on purpose: the SMS limit counts characters, not UTF-16 units
  const chars = [...reply];
  return chars.length <= SMS_REPLY_CHARS ? reply : `${chars.slice(0, SMS_REPLY_CHARS - 1).join('')}…`;
}

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

/** POST /centers/{c}/suggestions: any existing center served here, by a lawyer or intern. */
export async function fileSuggestion(principal: Principal, centerId: string, text: string, now: Date): Promise<SuggestionView> {
  const { table } = servedCenter(centerId);
  const suggestion: Suggestion = {
    suggestionId: newId('sg'),
    centerId,
    lawyerId: principal.userId,
    text,
    status: 'open',
    createdAt: shanghaiIso(now),
    replyDueBy: shanghaiIso(new Date(now.getTime() + cityConfig().platform.suggestionReplyDays * DAY_MS)),
  };
  noteAudit({ centerId, target: suggestion.suggestionId, after: { status: 'open' } });
  const plan = new TransactionPlan().add(
    {
      Put: {
        TableName: table,
        Item: { ...suggestionKey(centerId, suggestion.suggestionId), ...suggestion },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    // A fresh ULID never collides; were it to, the request can simply be sent again.
    () => new InvalidState('意见建议提交繁忙，请稍后重试'),
  );
  if ((await plan.commit()) !== 'committed') throw new InvalidState('意见建议提交繁忙，请稍后重试');
  return suggestionView(suggestion, now);
}

/** Who may read a center's register: its staff, the committee of its district, admins. */
function readableCenter(principal: Principal, centerId: string): ServedCenter {
  if (principal.role === 'staff') return staffCenter(principal, centerId);
  const served = servedCenter(centerId);
  if (principal.role === 'committee' && (!principal.district || principal.district !== served.center.districtId)) {
    throw new Forbidden('只能查阅本区县看守所的意见建议');
  }
  if (principal.role !== 'committee' && principal.role !== 'admin') throw new Forbidden('当前账号角色无权执行此操作');
  return served;
}

/** One page of the register, oldest first (ids are ULIDs); `open`/`replied` filter in the query. */
export async function listSuggestions(
  principal: Principal,
  centerId: string,
  query: PageQuery & { status: 'open' | 'replied' | 'all' },
  now: Date,
): Promise<{ suggestions: SuggestionView[]; nextCursor: string | null }> {
  const { table } = readableCenter(principal, centerId);
  const filter = query.status === 'all' ? {} : { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } };
  const page = await readPage({
    list: `GET /centers/{centerId}/suggestions|${centerId}|${query.status}`,
    sources: [
      {
        id: 'register',
        query: {
          TableName: table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': suggestionKey(centerId, '').PK, ...(query.status === 'all' ? {} : { ':status': query.status }) },
          ConsistentRead: true,
          ...filter,
        },
        keyAttributes: ['PK', 'SK'],
      },
    ],
    limit: query.limit,
    cursor: query.cursor,
  });
  return { suggestions: page.items.map((item) => suggestionView(toSuggestion(item), now)), nextCursor: page.nextCursor };
}

/** POST /centers/{c}/suggestions/{id}/reply: staff of that center, once. */
export async function replySuggestion(principal: Principal, centerId: string, suggestionId: string, reply: string, now: Date): Promise<SuggestionView> {
  const { table } = staffCenter(principal, centerId);
  const out = await ddb.send(new GetCommand({ TableName: table, Key: suggestionKey(centerId, suggestionId), ConsistentRead: true }));
  if (!out.Item) throw new NotFound('意见建议不存在');
  const suggestion = toSuggestion(out.Item);
  const alreadyReplied = () => new InvalidState('该意见建议已答复，不能重复答复');
  if (suggestion.status !== 'open') throw alreadyReplied();

  const at = shanghaiIso(now);
  noteAudit({ centerId, target: suggestionId, before: { status: 'open' }, after: { status: 'replied' } });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const plan = new TransactionPlan().add(
      {
        Update: {
          TableName: table,
          Key: suggestionKey(centerId, suggestionId),
          UpdateExpression: 'SET #status = :replied, reply = :reply, repliedAt = :at, repliedBy = :by',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':replied': 'replied', ':reply': reply, ':at': at, ':by': principal.userId, ':open': 'open' },
        },
      },
      // Another reply won the race: a suggestion is answered once.
      () => alreadyReplied(),
    );
    planNotification(plan, table, {
      recipientId: suggestion.lawyerId,
      kind: 'suggestion-replied',
      createdAt: at,
      params: { centerId, suggestionId, reply: smsReply(reply) },
    });
    if ((await plan.commit()) === 'committed') {
      return suggestionView({ ...suggestion, status: 'replied', reply, repliedAt: at, repliedBy: principal.userId }, now);
    }
    await backoff(attempt);
  }
  throw new InvalidState('答复操作繁忙，请稍后重试');
}
