// Requests an idle console page makes, counted at the bridge, with live updates on and off (off is the
// fallback when the link is down, and how every view polled before). The page is the Payments page in
// Chromium, on a pipeline map whose stages consumed everything: nothing changes while it is counted.
//
//   npm run bench -- idleRequests
//   BENCH_BOOTSTRAP=127.0.0.1:19092 BENCH_SECONDS=60 npm run bench -- idleRequests
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright';
import { z } from 'zod';
import { channels, type Channel, type Handlers } from '../shared/contract';
import { isolatedPipelineMap } from '../shared/pipelineMap';
import { startBridge } from '../main/bridge/server';
import { createConsoleBackend } from '../main/core/backend';
import { createKafkajsRecords } from '../main/core/kafka/kafkajsRecords';
import { commitGroupOffsets } from '../main/core/test/kafkaFixtures';
import { createMapTopics } from '../main/core/test/testPipeline';
import { startBroker } from '../tools/kafka/broker';
import { markdownTable } from './lib/table';

const env = z
  .object({
    BENCH_BOOTSTRAP: z.string().optional(),
    BENCH_SECONDS: z.coerce.number().int().positive().default(60),
    BENCH_PAGE: z.string().default('payments'),
  })
  .parse(process.env);
const log = (line: string) => console.error(`[bench] ${line}`);

const broker = env.BENCH_BOOTSTRAP ? null : await startBroker({ log });
const bootstrap = env.BENCH_BOOTSTRAP ?? broker!.bootstrap;
const prefix = `idle${Date.now().toString(36)}`;
const map = isolatedPipelineMap(prefix, [
  { name: 'receipts', outcome: true, slaMs: 5 * 60_000 },
  { name: 'analytics', slaMs: 60_000 },
]);
const records = createKafkajsRecords({ brokers: [bootstrap] });
await createMapTopics(records, map, 3);
await records.produce(
  Array.from({ length: 30 }, (_, i) => ({
    topic: map.sourceTopic,
    partition: i % 3,
    key: `${prefix}-${i}`,
    value: JSON.stringify({ paymentId: `${prefix}-${i}` }),
  })),
);
const marks = await records.watermarks(map.sourceTopic);
for (const stage of map.stages)
  await commitGroupOffsets(
    bootstrap,
    stage.consumerGroup,
    map.sourceTopic,
    marks.map((m) => ({ partition: m.partition, offset: m.high })),
  );
const dir = mkdtempSync(join(tmpdir(), 'idle-requests-'));
const mapFile = join(dir, 'map.json');
writeFileSync(mapFile, JSON.stringify(map));

/** The handler table with a counter in front of every channel. */
function counted(handlers: Handlers, counts: Map<Channel, number>): Handlers {
  const out: Record<string, unknown> = {};
  for (const channel of channels) {
    const handler = handlers[channel] as (input: unknown, context?: unknown) => Promise<unknown>;
    out[channel] = (input: unknown, context?: unknown) => {
      counts.set(channel, (counts.get(channel) ?? 0) + 1);
      return handler(input, context);
    };
  }
  return out as unknown as Handlers;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--disable-background-networking', '--no-sandbox'],
});
const results: Array<{ live: boolean; counts: Map<Channel, number> }> = [];
for (const live of [false, true]) {
  const backend = createConsoleBackend({ bootstrap: [bootstrap], pipelineMapPath: mapFile, dataDir: null });
  const counts = new Map<Channel, number>();
  const bridge = await startBridge({
    handlers: counted(backend.handlers, counts),
    ...(live ? { live: backend.live } : {}),
    staticDir: 'dist/renderer',
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${bridge.url}#/${env.BENCH_PAGE}`);
  // Warm-up: the first answers, the first stuck computation, the watcher's first samples.
  await sleep(15_000);
  counts.clear();
  await sleep(env.BENCH_SECONDS * 1000);
  const snapshot = new Map(counts);
  results.push({ live, counts: snapshot });
  log(`live ${live ? 'on' : 'off'}: ${[...snapshot.values()].reduce((a, b) => a + b, 0)} requests`);
  await page.close();
  await bridge.close();
  await backend.dispose();
}
await browser.close();
await records.close();
rmSync(dir, { recursive: true, force: true });
if (broker) process.kill(broker.pid);

const perMinute = (n: number) => ((n * 60) / env.BENCH_SECONDS).toFixed(1);
const used = [...new Set(results.flatMap((r) => [...r.counts.keys()]))].sort();
const rows = used.map((c) => [c, ...results.map((r) => perMinute(r.counts.get(c) ?? 0))]);
const total = (r: (typeof results)[number]) => [...r.counts.values()].reduce((a, b) => a + b, 0);
rows.push(['all channels', ...results.map((r) => perMinute(total(r)))]);
const table = markdownTable(['channel (requests/min)', 'live off (polling)', 'live on'], rows);
const text = `Idle ${env.BENCH_PAGE} page, ${env.BENCH_SECONDS} s counted after 15 s of warm-up, nothing changing.\n\n${table}\n`;
console.log(text);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/idleRequests.md', text);
