// The suggestion register of a center (R10, notice 三.4): lawyers file, staff of the center reply
// within the configured number of days, the district's bar committee and admins read. A reply is one
// conditional transaction (open → replied, plus the lawyer's notification), so a suggestion is
// answered once and the lawyer is told exactly once. Reads never scan: a center's register is one
// partition.
import { noteAudit } from '../audit';
import { servedCenter, staffCenter, type ServedCenter } from '../centers';
import { cityConfig } from '../config';
import { getSuggestion, planSuggestionRecord, planSuggestionReply, readSuggestionPage } from '../adapters/suggestion-repository';
import { type PageQuery } from '../adapters/paging';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { Forbidden, InvalidState, NotFound } from '../errors';
import { newId } from '../ids';
import { planNotification } from '../notifications/outbox';
import type { Principal } from '../principal';
import { shanghaiIso } from '../time';
import { replyDueByOf, smsReply, suggestionView, type Suggestion, type SuggestionView } from '../domain/suggestions';

const MAX_ATTEMPTS = 5;

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
    replyDueBy: shanghaiIso(replyDueByOf(now, cityConfig().platform.suggestionReplyDays)),
  };
  noteAudit({ centerId, target: suggestion.suggestionId, after: { status: 'open' } });
  const plan = new TransactionPlan();
  // A fresh ULID never collides; were it to, the request can simply be sent again.
  planSuggestionRecord(plan, table, suggestion, () => new InvalidState('意见建议提交繁忙，请稍后重试'));
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
  const page = await readSuggestionPage(table, centerId, query.status, query);
  return { suggestions: page.items.map((s) => suggestionView(s, now)), nextCursor: page.nextCursor };
}

/** POST /centers/{c}/suggestions/{id}/reply: staff of that center, once. */
export async function replySuggestion(principal: Principal, centerId: string, suggestionId: string, reply: string, now: Date): Promise<SuggestionView> {
  const { table } = staffCenter(principal, centerId);
  const suggestion = await getSuggestion(table, centerId, suggestionId);
  if (!suggestion) throw new NotFound('意见建议不存在');
  const alreadyReplied = () => new InvalidState('该意见建议已答复，不能重复答复');
  if (suggestion.status !== 'open') throw alreadyReplied();

  const at = shanghaiIso(now);
  noteAudit({ centerId, target: suggestionId, before: { status: 'open' }, after: { status: 'replied' } });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const plan = new TransactionPlan();
    // Another reply won the race: a suggestion is answered once.
    planSuggestionReply(plan, table, { centerId, suggestionId }, { reply, repliedAt: at, repliedBy: principal.userId }, () => alreadyReplied());
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
