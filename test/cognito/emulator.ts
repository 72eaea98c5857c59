// Starts cognito-local (npm, pinned) for the `cognito` test project: a free loopback port, a fresh
// data directory per run, a fixed code (its CODE setting) for every confirmation and reset, and the
// user pool, app client and groups created from the synthesized platform stack — the very
// AWS::Cognito::* resources CDK deploys, read from the template, not a second definition.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PlatformStack } from '../../infra/platform-stack';
import { freePort } from '../../local/dynamo-local';
import { loadCityConfig } from '../../shared/config';

/** The code cognito-local sends for every sign-up, resend and reset. */
export const EMULATOR_CODE = '246810';

export interface RunningEmulator {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  groups: string[];
  /** What the pool's ID tokens are issued by (API Gateway's JWT authorizer checks it). */
  issuer: string;
  /** Spawn until it answers, and start until the platform pool exists (the synth included). */
  timing: { readyMs: number; poolMs: number };
  stop(): Promise<void>;
}

type CfnResource = { Type: string; Properties: Record<string, unknown> };

/**
 * CloudFormation values that are references to other resources (the SMS role's ARN, the pool id)
 * mean nothing to the emulator: they become placeholders, everything else passes through.
 */
function withoutReferences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutReferences);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return 'arn:aws:iam::000000000000:role/placeholder';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutReferences(v)]));
  }
  return value;
}

/** The platform stack's Cognito resources, synthesized like `npm run synth` (asset bundling skipped). */
export function platformCognitoResources(): { pool: CfnResource; client: CfnResource; groups: CfnResource[] } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = loadCityConfig();
  const stack = new PlatformStack(app, 'EmulatedPlatform', { platform: config.platform });
  const resources = Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, CfnResource>);
  const only = (type: string) => {
    const found = resources.filter((r) => r.Type === type);
    if (found.length !== 1) throw new Error(`the platform stack has ${found.length} ${type}, expected 1`);
    return found[0];
  };
  return { pool: only('AWS::Cognito::UserPool'), client: only('AWS::Cognito::UserPoolClient'), groups: resources.filter((r) => r.Type === 'AWS::Cognito::UserPoolGroup') };
}

async function waitUntilServing(client: CognitoIdentityProviderClient, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`cognito-local exited (${child.exitCode}): ${output()}`);
    try {
      await client.send(new ListUserPoolsCommand({ MaxResults: 1 }));
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`cognito-local did not answer within 30 s: ${(e as Error).message}\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function startEmulator(): Promise<RunningEmulator> {
  const started = Date.now();
  // Synthesized first: a synth of tens of seconds between the readiness probe and the first create
  // would leave the SDK's kept-alive socket idle past the emulator's keep-alive timeout ("socket hang up").
  const { pool, client, groups } = platformCognitoResources();
  const port = await freePort();
  const spawnedAt = Date.now();
  const endpoint = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lmb-cognito-local-'));
  mkdirSync(path.join(dataDir, '.cognito'), { recursive: true });
  // Usernames are plain usernames here (the emulator's default pool would want e-mail addresses).
  writeFileSync(path.join(dataDir, '.cognito', 'config.json'), JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }));

  // A small wrapper keeps the emulator from outliving this process if Jest dies without its teardown.
  const wrapper = `setInterval(() => { try { process.kill(${process.pid}, 0); } catch { process.exit(0); } }, 1000); require(${JSON.stringify(require.resolve('cognito-local/lib/bin/start.js'))});`;
  const child = spawn(process.execPath, ['-e', wrapper], {
    cwd: dataDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CODE: EMULATOR_CODE, DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const admin = new CognitoIdentityProviderClient({ endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 5 });
  try {
    await waitUntilServing(admin, child, () => output);
    const readyMs = Date.now() - spawnedAt;
    const { UserPoolName, ...poolProps } = withoutReferences(pool.Properties) as Record<string, unknown>;
    const created = await admin.send(new CreateUserPoolCommand({ ...(poolProps as object), PoolName: String(UserPoolName) }));
    const userPoolId = created.UserPool!.Id!;
    const { UserPoolId: _pool, ...clientProps } = withoutReferences(client.Properties) as Record<string, unknown>;
    const appClient = await admin.send(new CreateUserPoolClientCommand({ ...(clientProps as object), UserPoolId: userPoolId, ClientName: String(clientProps.ClientName) }));
    const groupNames: string[] = [];
    for (const group of groups) {
      const { UserPoolId: _p, ...groupProps } = group.Properties;
      await admin.send(new CreateGroupCommand({ ...(groupProps as object), UserPoolId: userPoolId, GroupName: String(groupProps.GroupName) }));
      groupNames.push(String(groupProps.GroupName));
    }
    return {
      endpoint,
      userPoolId,
      clientId: appClient.UserPoolClient!.ClientId!,
      groups: groupNames,
      issuer: `${endpoint}/${userPoolId}`,
      timing: { readyMs, poolMs: Date.now() - started },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  } finally {
    admin.destroy();
  }
}
