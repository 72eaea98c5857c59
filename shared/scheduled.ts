// Wraps a non-HTTP Lambda (schedules, stream consumers) with the same Powertools set-up as the HTTP
// handlers: structured logs with the Lambda context, metrics flushed per invocation, tracing.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { runAudited } from './audit';
import { clock } from './clock';
import { ulid } from './ids';
import { logger, metrics, tracer } from './observability';

/** Runs a job as the actor `system`: every change it commits carries its own audit record (R14). */
export const asSystemJob = <R>(name: string, run: () => Promise<R>, requestId = ulid()): Promise<R> =>
  runAudited({ actorId: 'system', actorRole: 'system', action: name, requestId, at: clock.now() }, 'job', run);

/** `name` is the audit action of every change the job makes. */
export function defineJob<E, R>(name: string, run: (event: E, context: Context) => Promise<R>) {
  const audited = (event: E, context: Context): Promise<R> => asSystemJob(name, () => run(event, context), context?.awsRequestId || undefined);
  return middy(audited)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
