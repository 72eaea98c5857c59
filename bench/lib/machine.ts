// What the benchmark ran on: CPU model and count, memory, OS, Node and Java versions.
import { spawnSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  java: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  // `java -version` prints to stderr.
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const java = r.error ? 'not found' : firstLine(`${r.stderr ?? ''}${r.stdout ?? ''}`) || 'unknown';
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    java,
  };
}

const firstLine = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean) ?? '';

export function machineLines(m: Machine): string[] {
  return [
    `CPU: ${m.cpu}, ${m.cores} logical cores (server, DynamoDB Local and load generator share them)`,
    `Memory: ${m.memoryGiB} GiB`,
    `OS: ${m.os}`,
    `Node: ${m.node}`,
    `Java: ${m.java}`,
  ];
}
