// Wraps a non-HTTP Lambda (schedules, stream consumers) with the same Powertools set-up as the HTTP
// handlers: structured logs with the Lambda context, metrics flushed per invocation, tracing.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { logger, metrics, tracer } from './observability';

export function defineJob<E, R>(run: (event: E, context: Context) => Promise<R>) {
  return middy(run)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
