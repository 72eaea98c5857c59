// Names for the generated contract types: the JSON a route answers with on success and the body it
// takes, so pages say `ResponseOf<'/bookings', 'get'>` instead of digging through schema.gen.ts.
import type { paths } from './schema.gen';

type Method = 'get' | 'post' | 'delete';
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;

export type ResponseOf<P extends keyof paths, M extends Method> = Op<P, M> extends { responses: infer R } ? JsonOf<R[Extract<keyof R, 200 | 201>]> : never;

export type BodyOf<P extends keyof paths, M extends Method> = Op<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

export type Booking = ResponseOf<'/bookings/{bookingId}', 'get'>;
export type Slot = ResponseOf<'/centers/{centerId}/slots', 'get'>['slots'][number];
export type Binding = ResponseOf<'/me/bindings', 'get'>['bindings'][number];
export type Violation = ResponseOf<'/me/violations', 'get'>['violations'][number];
export type DayQueue = ResponseOf<'/centers/{centerId}/bookings', 'get'>;
export type UrgentRequest = ResponseOf<'/centers/{centerId}/urgent-requests', 'get'>['requests'][number];
export type Suggestion = ResponseOf<'/centers/{centerId}/suggestions', 'get'>['suggestions'][number];
export type AuditRecord = ResponseOf<'/centers/{centerId}/audit', 'get'>['records'][number];
export type Report = ResponseOf<'/reports', 'get'>;
export type DeadLetter = ResponseOf<'/admin/notifications', 'get'>['notifications'][number];
export type Center = ResponseOf<'/centers', 'get'>['centers'][number];
