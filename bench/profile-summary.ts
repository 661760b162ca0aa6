/**
 * Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`) as the top functions
 * by self time, so hot spots can be pasted into docs/performance.md.
 *
 * Run: `node --import tsx bench/profile-summary.ts <file.cpuprofile> [top=15]`
 * with `--under=step` to count only samples taken inside `step` (so setup and
 * world generation drop out), and `--json` for machine-readable output.
 * Line numbers are those of tsx's output, not of the source; files are exact.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One node of a V8 CPU profile (the fields used here). */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** A V8 CPU profile (the fields used here). */
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time of one function, summed over its call sites. */
export interface HotSpot {
  /** Function name, or `(anonymous)`, `(garbage collector)`, `(program)` … */
  functionName: string;
  /** Source file name. */
  location: string;
  /** Self time in milliseconds. */
  selfMs: number;
  /** Self time as a percentage of the profile. */
  selfPercent: number;
}

/**
 * Aggregates a CPU profile's self time by function (name + file), weighting
 * each sample by its time delta, highest first. With `under`, only samples
 * with a frame of that function name on the stack count, and percentages are
 * of their total.
 */
export function hotSpots(profile: CpuProfile, under?: string): HotSpot[] {
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) byId.set(node.id, node);
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inside = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      if (byId.get(at)!.callFrame.functionName === under) return true;
    return false;
  };
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length > 0) {
    // Each delta is the time since the previous sample, so it belongs to the previous sample.
    for (let i = 0; i < samples.length; i++) {
      const dt = deltas[i + 1] ?? 0;
      selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, dt));
    }
  } else {
    const interval =
      (profile.endTime - profile.startTime) /
      Math.max(
        1,
        profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0),
      );
    for (const node of profile.nodes) selfUs.set(node.id, (node.hitCount ?? 0) * interval);
  }
  let total = 0;
  const byFunction = new Map<string, HotSpot>();
  for (const [id, us] of selfUs) {
    if (under !== undefined && !inside(id)) continue;
    const frame = byId.get(id)!.callFrame;
    const name = frame.functionName || '(anonymous)';
    const location = frame.url ? basename(frame.url) : '';
    const key = `${name}@${location}`;
    const spot = byFunction.get(key) ?? { functionName: name, location, selfMs: 0, selfPercent: 0 };
    spot.selfMs += us / 1000;
    byFunction.set(key, spot);
    total += us;
  }
  const spots = [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs);
  for (const spot of spots) spot.selfPercent = total > 0 ? (100 * spot.selfMs * 1000) / total : 0;
  return spots;
}

// Run as a script (not when imported).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (file === undefined) {
    console.error('usage: profile-summary.ts <file.cpuprofile> [top] [--json]');
    process.exit(2);
  }
  const top = Number(process.argv.find((a, i) => i > 2 && /^\d+$/.test(a)) ?? 15);
  const under = process.argv.find((a) => a.startsWith('--under='))?.slice('--under='.length);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const all = hotSpots(profile);
  const spots = hotSpots(profile, under).slice(0, top);
  if (process.argv.includes('--json')) console.log(JSON.stringify(spots, null, 2));
  else {
    const total = all.reduce((a, s) => a + s.selfMs, 0);
    const gc = all.find((s) => s.functionName === '(garbage collector)')?.selfMs ?? 0;
    if (under !== undefined) {
      const inside = hotSpots(profile, under).reduce((a, s) => a + s.selfMs, 0);
      console.log(
        `inside ${under}: ${inside.toFixed(0)} ms of ${total.toFixed(0)} ms profiled (${((100 * inside) / total).toFixed(1)}%); garbage collector ${((100 * gc) / total).toFixed(1)}% of all`,
      );
    }
    console.log('| function | file | self ms | self % |\n|---|---|---|---|');
    for (const s of spots)
      console.log(`| \`${s.functionName}\` | ${s.location} | ${s.selfMs.toFixed(0)} | ${s.selfPercent.toFixed(1)} |`);
  }
}
