// Detainee meeting requests (R15) in a district table: the record (`MEETREQ#<id>`, in the center's
// sparse due index while open), the detainee's open-request pointer (`DETAINEE#<d>` / `MEETREQ`)
// and the conditional writes of a request's life as plan fragments: filed (the pointer replacing an
// older request's, which closes), reminded once, closed by the booking that answers it. The keys
// are in ./district-keys.ts, the rules in shared/domain/meeting-requests.ts, the use cases in
// shared/use-cases/meeting-requests.ts.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { MeetingRequest } from '../domain/meeting-requests';
import { shanghaiIso } from '../time';
import { meetingRequestDueIndex, meetingRequestKey, openMeetingRequestPointer } from './district-keys';
import { ddb, queryAll } from './dynamo';
import type { OnFailure, TransactionPlan } from './transaction';

/** The open request's id a pointer item (as read, or missing) names. */
export const openRequestOf = (pointer: Record<string, unknown> | undefined): string | undefined => pointer?.requestId as string | undefined;

/** The id of the detainee's open request, read before a transaction that may close it. */
export async function readOpenMeetingRequest(table: string, detaineeId: string): Promise<string | undefined> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: openMeetingRequestPointer(detaineeId), ConsistentRead: true }));
  return openRequestOf(out.Item);
}

/**
 * Closes the open request `requestId` (read before the transaction) inside a booking's transaction:
 * the answer to the request commits with the booking, or neither does. A pointer that moved (a new
 * request replaced it, another booking closed it) means: read again and redo.
 */
export function planCloseMeetingRequest(
  plan: TransactionPlan,
  table: string,
  detaineeId: string,
  requestId: string,
  bookingId: string,
  nowIso: string,
  /** Told which request the pointer names now (none: undefined) when it moved. */
  observe?: (requestId: string | undefined) => void,
): void {
  plan.add(
    {
      Delete: {
        TableName: table,
        Key: openMeetingRequestPointer(detaineeId),
        ConditionExpression: 'requestId = :seen',
        ExpressionAttributeValues: { ':seen': requestId },
      },
    },
    (current) => {
      observe?.(openRequestOf(current));
      return 'retry';
    },
  );
  planClose(plan, table, requestId, 'closedByBookingId', bookingId, nowIso);
}

/** Closes an open request, recording what answered it: a booking, or a newer request. */
function planClose(plan: TransactionPlan, table: string, requestId: string, field: 'closedByBookingId' | 'closedByRequestId', by: string, nowIso: string): void {
  const placeholder = field === 'closedByBookingId' ? ':booking' : ':by';
  plan.add(
    {
      Update: {
        TableName: table,
        Key: meetingRequestKey(requestId),
        UpdateExpression: `SET #status = :closed, closedAt = :at, ${field} = ${placeholder} REMOVE GSI2PK, GSI2SK`,
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':closed': 'closed', ':at': nowIso, [placeholder]: by, ':open': 'open' },
      },
    },
    () => 'retry',
  );
}

/** A new request's record; an open one is in the center's due index until reminded or closed. */
export function planMeetingRequestRecord(plan: TransactionPlan, table: string, request: MeetingRequest): void {
  plan.add({
    Put: {
      TableName: table,
      Item: {
        ...meetingRequestKey(request.requestId),
        ...request,
        ...(request.status === 'open' ? meetingRequestDueIndex(request.centerId, request.remindAt, request.requestId) : {}),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  });
}

/** The pointer names the new request; replacing an older one only if it still names that one. */
export function planPointer(plan: TransactionPlan, table: string, detaineeId: string, requestId: string, older: string | undefined): void {
  plan.add(
    {
      Put: {
        TableName: table,
        Item: { ...openMeetingRequestPointer(detaineeId), requestId },
        ConditionExpression: older ? 'requestId = :older' : 'attribute_not_exists(PK)',
        ...(older ? { ExpressionAttributeValues: { ':older': older } } : {}),
      },
    },
    () => 'retry',
  );
}

/** An older open request is closed by the new one: one open request per detainee, one reminder. */
export function planSupersede(plan: TransactionPlan, table: string, older: string, requestId: string, nowIso: string): void {
  planClose(plan, table, older, 'closedByRequestId', requestId, nowIso);
}

/** Open requests of a center due for their reminder (GSI2, no scan). */
export async function dueMeetingRequests(table: string, centerId: string, now: Date): Promise<MeetingRequest[]> {
  return queryAll<MeetingRequest>({
    TableName: table,
    IndexName: 'GSI2',
    KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :to',
    ExpressionAttributeValues: { ':pk': meetingRequestDueIndex(centerId, '', '').GSI2PK, ':to': `${shanghaiIso(now)}#~` },
  });
}

/** Marks a request reminded and takes it out of the due index, guarded by it being open and unreminded. */
export function planReminded(plan: TransactionPlan, table: string, requestId: string, remindedLawyerIds: string[], nowIso: string, onFailure: OnFailure): void {
  plan.add(
    {
      Update: {
        TableName: table,
        Key: meetingRequestKey(requestId),
        UpdateExpression: 'SET remindedAt = :at, remindedLawyerIds = :ids REMOVE GSI2PK, GSI2SK',
        ConditionExpression: '#status = :open AND attribute_not_exists(remindedAt)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':at': nowIso, ':ids': remindedLawyerIds, ':open': 'open' },
      },
    },
    onFailure,
  );
}
