// One Logger, one Metrics and one Tracer for every handler, created once per process (cold start).
// Logs are structured JSON with the request's correlation id; they must never carry personal data
// (phone, name, licence number): log ids, never people.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'lawyer-meetings';

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ serviceName, namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'LawyerMeetings' });
export const tracer = new Tracer({ serviceName });
