// Shared fixture of the infra tests: the real CDK app (same stacks, same cdk.json feature flags as
// `npm run synth`) with asset bundling skipped, and small readers over the synthesized templates.
// Bundling is exercised by `npm run synth`, not here, so these tests stay fast and offline.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { type BuildOptions, buildApp, type CityApp } from '../../infra/app';

const cdkJson = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };

/** A built web client for the web stack to package (the stacks are under test, not the app). */
export const WEB_DIST_FIXTURE = path.join(__dirname, 'fixtures', 'web-dist');

export function synthCity(options: Omit<BuildOptions, 'appProps'> = {}): CityApp {
  return buildApp({ webDist: WEB_DIST_FIXTURE, ...options, appProps: { context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } } });
}

export const templateOf = (stack: Stack): Template => Template.fromStack(stack);

/** The logical id CloudFormation sees for an L2 construct (its default child) or an L1. */
export function logicalIdOf(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
}

export type Json = Record<string, any>;

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

/** All statements of the inline/default policies attached to a role (by the role's logical id). */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p: Json) => (p.Properties.Roles as Json[]).some((r) => r.Ref === roleLogicalId))
    .flatMap((p: Json) => p.Properties.PolicyDocument.Statement as PolicyStatement[]);
}

export const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** Actions allowed per resource (resource rendered as JSON, so references compare by identity). */
export function actionsByResource(statements: PolicyStatement[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const s of statements.filter((x) => x.Effect === 'Allow')) {
    for (const r of asArray(s.Resource)) {
      const key = JSON.stringify(r);
      const set = map.get(key) ?? new Set<string>();
      for (const a of asArray(s.Action)) set.add(a);
      map.set(key, set);
    }
  }
  return map;
}
