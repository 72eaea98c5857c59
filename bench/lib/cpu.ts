// CPU accounting from /proc (Linux): where the time of a benchmark round went — the gateway process
// (local gateway + handlers), DynamoDB Local's JVM (its children), the load generator (this
// process), and everything else on the machine (other work sharing the cores).
import fs from 'node:fs';

export interface CpuSample {
  gatewayMs: number;
  dynamoMs: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const ticksToMs = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;

/** utime + stime and parent pid of a process. */
function procStat(pid: number): { ppid: number; cpuMs: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is stat field 3 (state): ppid is field 4, utime 14, stime 15.
    return { ppid: Number(fields[1]), cpuMs: ticksToMs(Number(fields[11]) + Number(fields[12])) };
  } catch {
    return undefined;
  }
}

/** CPU of `rootPid` itself, and of all its descendants together. */
export function cpuOfTree(rootPid: number): CpuSample | undefined {
  if (process.platform !== 'linux') return undefined;
  const root = procStat(rootPid);
  if (!root) return undefined;
  const byParent = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const st = procStat(Number(entry));
    if (st) (byParent.get(st.ppid) ?? byParent.set(st.ppid, []).get(st.ppid)!).push(Number(entry));
  }
  let dynamoMs = 0;
  const queue = [...(byParent.get(rootPid) ?? [])];
  while (queue.length) {
    const pid = queue.shift()!;
    dynamoMs += procStat(pid)?.cpuMs ?? 0;
    queue.push(...(byParent.get(pid) ?? []));
  }
  return { gatewayMs: root.cpuMs, dynamoMs };
}

/** Busy CPU time of the whole machine, all cores (ms). */
export function machineBusyMs(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const [, ...v] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal
    return ticksToMs(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]);
  } catch {
    return undefined;
  }
}

export const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export interface CpuSplit {
  gatewayMs: number;
  dynamoMs: number;
  loadGeneratorMs: number;
  otherMs: number;
}

/** Starts a measurement; the returned function gives the CPU spent since, split by who spent it. */
export function measureCpu(server: () => CpuSample | undefined): () => CpuSplit | undefined {
  const s0 = server();
  const m0 = machineBusyMs();
  const l0 = selfCpuMs();
  return () => {
    const s1 = server();
    const m1 = machineBusyMs();
    const l1 = selfCpuMs();
    if (!s0 || !s1 || m0 === undefined || m1 === undefined) return undefined;
    const gatewayMs = s1.gatewayMs - s0.gatewayMs;
    const dynamoMs = s1.dynamoMs - s0.dynamoMs;
    const loadGeneratorMs = l1 - l0;
    return { gatewayMs, dynamoMs, loadGeneratorMs, otherMs: Math.max(0, m1 - m0 - gatewayMs - dynamoMs - loadGeneratorMs) };
  };
}

/** Pids of other `bench/run.ts` processes (not this one or its ancestors): concurrent runs contend for the same cores. */
export function otherBenchRuns(): number[] {
  if (process.platform !== 'linux') return [];
  const mine = new Set<number>();
  for (let pid = process.pid; pid > 1 && !mine.has(pid);) {
    mine.add(pid);
    pid = procStat(pid)?.ppid ?? 0;
  }
  const others: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || mine.has(Number(entry))) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      // The innermost node process of a run (the tsx CLI and `sh -c` wrappers have the same text).
      if (cmd.includes('bench/run.ts') && cmd.includes('--import')) others.push(Number(entry));
    } catch {
      // gone
    }
  }
  return others;
}
