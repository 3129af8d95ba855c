// Reading a V8 .cpuprofile (node --cpu-prof): self time per function and per area (our code, a package, native).
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

export interface ProfileShare {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  byArea: ProfileShare[];
  byFunction: ProfileShare[];
}

/** Where a frame's code lives: "services/api", "fastify", "(native/GC)", … */
function areaOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(GC)';
  if (functionName === '(program)' || url === '') return '(native: program, I/O, sqlite C)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0] ?? ''}`;
  const ours = /\/(services\/[^/]+|shared|bench|tools)\//.exec(url);
  return ours ? (ours[1] ?? url) : url;
}

export function summarizeCpuProfile(path: string, top = 25): ProfileSummary {
  const profile = profileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id);
    if (!frame) return;
    total += us;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\/(node_modules|services|shared)\//, '$1/')}:${frame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  });
  const idle = areas.get('(idle)') ?? 0;
  const busy = total - idle;
  const rank = (m: Map<string, number>) =>
    [...m]
      .filter(([name]) => !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busy > 0 ? us / busy : 0 }));
  return { totalMs: total / 1000, idleMs: idle / 1000, byArea: rank(areas), byFunction: rank(functions) };
}
