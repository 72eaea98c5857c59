// Appeals (B1): the lawyer appeals a violation of theirs; staff of the violation's center decide.
// `voided` takes it out of the count and can lift a lock, in the same transaction as the decision.
import { appealsPartition, openAppealKey, profileKey, violationKey } from '../adapters/platform-keys';
import { batchGetAll, itemKey } from '../adapters/batch-read';
import { bookingKey } from '../adapters/district-keys';
import { detaineeNames, textOf } from '../adapters/people-directory';
import { queryAll } from '../adapters/dynamo';
import { staffCenter } from '../centers';
import { planNotification } from '../notifications/outbox';
import { findViolation, planVoid } from '../adapters/discipline-repository';
import { platformTableName } from '../adapters/dynamo';
import { backoff, TransactionPlan } from '../adapters/transaction';
import { InvalidState, NotFound } from '../errors';
import { requireCenterScope, type Principal } from '../principal';
import { shanghaiIso } from '../time';
import { noteAudit } from '../audit';
import { type Violation } from '../domain/discipline';

const MAX_ATTEMPTS = 20;

/** What a lawyer sees of a violation (GET /me/violations, appeal and decision replies). */
export const violationView = (v: Violation) => ({ violationId: v.violationId, bookingId: v.bookingId, reason: v.reason, status: v.status, at: v.at });

export async function appeal(principal: Principal, violationId: string, reason: string, now: Date): Promise<Violation> {
  const violation = await findViolation(violationId);
  if (!violation || violation.lawyerId !== principal.userId) throw new NotFound('违约记录不存在');
  if (violation.status !== 'counted' || violation.decidedAt) throw new InvalidState('该违约记录不能申诉（已申诉或已处理）');
  const at = shanghaiIso(now);
  noteAudit({ centerId: violation.centerId, target: violationId, before: { status: 'counted' }, after: { status: 'appealed' } });
  const plan = new TransactionPlan().add(
    {
      Update: {
        TableName: platformTableName(),
        Key: violationKey(violation.lawyerId, violationId),
        UpdateExpression: 'SET #status = :appealed, appealReason = :reason, appealedAt = :at',
        ConditionExpression: '#status = :counted AND attribute_not_exists(decidedAt)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':appealed': 'appealed', ':reason': reason, ':at': at, ':counted': 'counted' },
      },
    },
    () => new InvalidState('该违约记录不能申诉（已申诉或已处理）'),
  );
  plan.add({
    Put: {
      TableName: platformTableName(),
      Item: { ...openAppealKey(violation.centerId, at, violationId), violationId, lawyerId: violation.lawyerId, centerId: violation.centerId, appealedAt: at },
    },
  });
  if ((await plan.commit()) !== 'committed') throw new InvalidState('操作繁忙，请稍后重试');
  return { ...violation, status: 'appealed', appealReason: reason, appealedAt: at };
}

export async function decide(principal: Principal, violationId: string, decision: 'upheld' | 'voided', now: Date): Promise<Violation> {
  const violation = await findViolation(violationId);
  if (!violation) throw new NotFound('违约记录不存在');
  requireCenterScope(principal, violation.centerId);
  if (violation.status !== 'appealed') throw new InvalidState('只有申诉中的违约记录可以裁决');
  const at = shanghaiIso(now);
  const status = decision === 'voided' ? 'voided' : 'counted';
  noteAudit({ centerId: violation.centerId, target: violationId, before: { status: 'appealed' }, after: { status, decision } });

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const plan = new TransactionPlan().add(
      {
        Update: {
          TableName: platformTableName(),
          Key: violationKey(violation.lawyerId, violationId),
          UpdateExpression: 'SET #status = :status, decision = :decision, decidedAt = :at, decidedBy = :by',
          ConditionExpression: '#status = :appealed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':decision': decision, ':at': at, ':by': principal.userId, ':appealed': 'appealed' },
        },
      },
      () => new InvalidState('只有申诉中的违约记录可以裁决'),
    );
    // The center's list of open appeals loses it in the same transaction (an appeal made before the
    // list existed has no entry: deleting a missing item is no error).
    if (violation.appealedAt) plan.add({ Delete: { TableName: platformTableName(), Key: openAppealKey(violation.centerId, violation.appealedAt, violationId) } });
    if (decision === 'voided') await planVoid(plan, violation, now);
    planNotification(plan, platformTableName(), { recipientId: violation.lawyerId, kind: 'appeal-decided', createdAt: at, params: { decision, violationId } });
    if ((await plan.commit()) === 'committed') return { ...violation, status, decidedAt: at, decidedBy: principal.userId };
    await backoff(attempt);
  }
  throw new InvalidState('操作繁忙，请稍后重试');
}

/**
 * GET /centers/{c}/appeals: the center's appeals waiting for a decision, oldest first, each with
 * what the decision needs — the lawyer (name, firm, licence), the meeting (session, detainee), the
 * violation's reason and the lawyer's own text. One query of the center's open-appeal entries,
 * then batched reads of the violations, the profiles, the bookings and the detainees.
 */
export async function listOpenAppeals(principal: Principal, centerId: string) {
  const { table } = staffCenter(principal, centerId);
  const platform = platformTableName();
  const open = await queryAll<{ violationId: string; lawyerId: string }>({
    TableName: platform,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': appealsPartition(centerId) },
    ConsistentRead: true,
  });
  const violations = await batchGetAll(
    platform,
    open.map((o) => violationKey(o.lawyerId, o.violationId)),
  );
  const appealed = open
    .map((o) => violations.get(itemKey(violationKey(o.lawyerId, o.violationId))) as unknown as Violation | undefined)
    .filter((v): v is Violation => v !== undefined && v.status === 'appealed' && v.centerId === centerId);
  const [profiles, bookings] = await Promise.all([
    batchGetAll(platform, [...new Set(appealed.map((v) => v.lawyerId))].map(profileKey)),
    batchGetAll(table, [...new Set(appealed.map((v) => v.bookingId))].map(bookingKey)),
  ]);
  const bookingOf = (v: Violation) => bookings.get(itemKey(bookingKey(v.bookingId)));
  const names = await detaineeNames(table, appealed.map((v) => textOf(bookingOf(v)?.detaineeId)).filter(Boolean));
  return {
    appeals: appealed.map((v) => {
      const profile = profiles.get(itemKey(profileKey(v.lawyerId)));
      const booking = bookingOf(v);
      return {
        violationId: v.violationId,
        reason: v.reason,
        at: v.at,
        appealReason: v.appealReason ?? '',
        appealedAt: v.appealedAt ?? v.at,
        lawyer: { lawyerId: v.lawyerId, name: textOf(profile?.name), lawFirm: textOf(profile?.lawFirm), licenseNo: textOf(profile?.licenseNo) },
        booking: booking
          ? {
              bookingId: v.bookingId,
              slotId: textOf(booking.slotId),
              date: textOf(booking.date),
              sessionStart: textOf(booking.sessionStart),
              detaineeId: textOf(booking.detaineeId),
              detaineeName: names.get(textOf(booking.detaineeId)) ?? '',
            }
          : null,
      };
    }),
  };
}
