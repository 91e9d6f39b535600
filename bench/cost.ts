// What a delivery costs Patchbay: CPU time and database statements per delivered message.
// CPU is read from /proc/<pid>/stat for the Patchbay process and every process under it (the
// transformation sandboxes are its children): user + system time of each, plus what its
// children that already exited had used (cutime, cstime). Statements are Patchbay's own count,
// `patchbay_db_statements_total` on its /metrics.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { API_KEY, type PatchbayProcess } from './harness.ts';

/** Clock ticks per second, the unit of /proc's CPU times. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcStat {
  ppid: number;
  /** utime + stime + cutime + cstime, in ticks. */
  ticks: number;
}

/** /proc/<pid>/stat's fields after the command name (which may hold spaces and parentheses). */
function procStat(pid: string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // Field 3 (state) is fields[0]: ppid is field 4, utime…cstime fields 14–17.
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return { ppid: Number(fields[1]), ticks };
  } catch {
    return undefined; // it exited while we looked
  }
}

/** CPU microseconds used so far by `pid` and every process below it, live or exited. */
export function treeCpuUs(pid: number): number {
  const stats = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(entry);
    if (stat) stats.set(Number(entry), stat);
  }
  let ticks = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop() as number;
    ticks += stats.get(current)?.ticks ?? 0;
    for (const [child, stat] of stats) if (stat.ppid === current) pending.push(child);
  }
  return (ticks * 1e6) / TICKS_PER_SECOND;
}

/** One sample of a Prometheus counter (summed over its labels) on a Patchbay process's /metrics. */
export async function scrape(url: string, name: string, labels = ''): Promise<number> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${API_KEY}` } });
  if (!res.ok) throw new Error(`/metrics: ${res.status}`);
  const text = await res.text();
  let sum = 0;
  for (const match of text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm'))) {
    if ((match[1] ?? '').includes(labels)) sum += Number(match[2]);
  }
  return sum;
}

export interface Cost {
  cpuUs: number;
  statements: number;
}

/** What the processes have used so far. */
export async function sample(processes: PatchbayProcess[]): Promise<Cost> {
  let cpuUs = 0;
  let statements = 0;
  for (const p of processes) {
    statements += await scrape(p.url, 'patchbay_db_statements_total');
    cpuUs += treeCpuUs(p.child.pid as number);
  }
  return { cpuUs, statements };
}

/** What was used between two samples, per message. */
export const perMessage = (before: Cost, after: Cost, messages: number): Cost => ({
  cpuUs: (after.cpuUs - before.cpuUs) / messages,
  statements: (after.statements - before.statements) / messages,
});

export const plus = (a: Cost, b: Cost): Cost => ({ cpuUs: a.cpuUs + b.cpuUs, statements: a.statements + b.statements });

/**
 * Resolves once the processes have counted `count` successful attempts between them: the
 * receiver sees a delivery before its attempt is written, and the write belongs to its cost.
 */
export async function settled(processes: PatchbayProcess[], count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let done = 0;
    for (const p of processes) done += await scrape(p.url, 'patchbay_attempts_total', 'outcome="success"');
    if (done >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${done} of ${count} attempts recorded`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Per delivered message, as measured by the delivery benchmarks of this run. */
export const deliveryCosts: { sqlite?: Cost; postgres?: Cost } = {};

const show = (cost: Cost | undefined) => (cost ? [Math.round(cost.cpuUs), cost.statements.toFixed(2)] : ['-', '-']);

/** The `delivery-cost:` line, or undefined when neither delivery benchmark ran. */
export function deliveryCostLine(): string | undefined {
  if (!deliveryCosts.sqlite && !deliveryCosts.postgres) return undefined;
  const [sqliteCpu, sqliteStatements] = show(deliveryCosts.sqlite);
  const [pgCpu, pgStatements] = show(deliveryCosts.postgres);
  return `delivery-cost: sqlite_cpu_us=${sqliteCpu} sqlite_statements=${sqliteStatements} pg_cpu_us=${pgCpu} pg_statements=${pgStatements}`;
}

export const formatCost = (cost: Cost) => `cpu_us=${Math.round(cost.cpuUs)} statements=${cost.statements.toFixed(2)}`;
