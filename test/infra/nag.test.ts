// cdk-nag (AWS Solutions) passes on every stack, and every accepted finding is a listed, reasoned
// acknowledgement in infra/nag-suppressions.ts attached where it belongs. cdk-nag 3 runs as a CDK
// validation plugin: its findings surface as a failed synth and through validateScope, not as
// annotations, so both are checked here.
import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { acknowledgedIds, allNagAcknowledgments, NAG_ACKNOWLEDGMENTS } from '../../infra/nag-suppressions';
import { synthCity } from './city';

const city = synthCity();
const stacks: Stack[] = [city.platform, ...city.districts, city.web];

/** Every acknowledgement recorded in the tree: construct path, rule id and reason. */
function recordedAcknowledgments(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason }))),
    );
}

describe('cdk-nag AWS Solutions', () => {
  it('lets the whole app synthesize (the validation plugin reports no finding)', () => {
    expect(() => city.app.synth()).not.toThrow();
  });

  it.each(stacks.map((s) => [s.stackName, s] as const))('%s has no unacknowledged finding', (_name, stack) => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.violations.filter((v) => v.severity === 'error')).toEqual([]);
  });

  it.each(stacks.map((s) => [s.stackName, s] as const))('%s has no error annotation', (_name, stack) => {
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });

  it('fails synth on a new non-compliant resource (the checks are really wired in)', () => {
    const scratch = synthCity();
    new Topic(scratch.districts[0], 'UnencryptedTopic');
    expect(() => scratch.app.synth()).toThrow(/AwsSolutions-SNS[23]/);
  });
});

describe('acknowledged findings', () => {
  const recorded = recordedAcknowledgments(city.app);

  it('every listed acknowledgement has a rule id and a concrete reason', () => {
    for (const a of allNagAcknowledgments()) {
      expect(a.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(a.appliedTo.trim()).not.toBe('');
      expect(a.reason.trim().length).toBeGreaterThan(80);
    }
  });

  it('every acknowledgement in the app comes from the list, with its reason', () => {
    const listed = allNagAcknowledgments().flatMap((a) => acknowledgedIds(a, city.web.cityId).map((id) => `${id}\n${a.reason}`));
    expect(recorded.length).toBeGreaterThan(0);
    for (const r of recorded) {
      expect(r.reason.trim()).not.toBe('');
      expect(listed).toContain(`${r.id}\n${r.reason}`);
    }
  });

  it('every listed acknowledgement is used (none is stale)', () => {
    for (const a of allNagAcknowledgments()) expect(recorded.some((r) => r.reason === a.reason)).toBe(true);
  });

  it('no acknowledgement is stack-wide', () => {
    for (const r of recorded) expect(stacks.map((s) => s.node.path)).not.toContain(r.path);
  });

  it('acknowledges the SMS and stream-listing wildcards only on the notifier roles, SQS3 only on dead-letter queues', () => {
    const byReason = (name: keyof typeof NAG_ACKNOWLEDGMENTS) =>
      recorded
        .filter((r) => r.reason === NAG_ACKNOWLEDGMENTS[name].reason)
        .map((r) => r.path)
        .sort();
    const notifiers = [city.platform, ...city.districts].map((s) => s.notifier);
    expect(byReason('streamConsumerRole')).toEqual(notifiers.map((n) => n.consumer.role!.node.path).sort());
    expect(byReason('smsSenderRole')).toEqual(notifiers.map((n) => n.retry.fn.role!.node.path).sort());
    expect(byReason('streamFailureQueue')).toEqual(notifiers.map((n) => n.failedBatches.node.path).sort());
    // Each scheduled job's rule-target dead-letter queue, the notifier retry jobs' included, and nothing else.
    const jobs = [city.platform, ...city.districts].flatMap((st) => [...st.scheduled.values(), st.notifier.retry]);
    expect(byReason('scheduleDeadLetterQueue')).toEqual(jobs.map((j) => j.deadLetters.node.path).sort());
    const sqs3 = recorded
      .filter((r) => r.id === 'AwsSolutions-SQS3')
      .map((r) => r.path)
      .sort();
    expect(sqs3).toEqual([...notifiers.map((n) => n.failedBatches.node.path), ...jobs.map((j) => j.deadLetters.node.path)].sort());
    // The X-Ray-only reason is never attached to a role that also holds sns:Publish or ListStreams.
    const notifierRoles = new Set(notifiers.flatMap((n) => n.functions.map((fn) => fn.role!.node.path)));
    for (const path of byReason('xrayTracing')) expect(notifierRoles.has(path)).toBe(false);
  });

  it('acknowledges missing authorization only on the public routes of the route table', () => {
    for (const district of city.districts) {
      const paths = recorded.filter((r) => r.id === NAG_ACKNOWLEDGMENTS.publicRoute.id && r.path.startsWith(`${district.node.path}/`)).map((r) => r.path);
      expect(paths.sort()).toEqual([...district.routeApi.publicRoutes.values()].map((r) => r.node.path).sort());
    }
  });
});
