// Health and metrics over HTTP: GET /health (JSON) and GET /metrics (Prometheus text).
import { createServer } from 'node:http';
import type { StageMetrics } from './stageMetrics';

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

export function prometheusText(m: StageMetrics): string {
  const label = `stage="${m.stage}"`;
  const lines = [
    `eventdesk_stage_processed_total{${label}} ${m.processed}`,
    `eventdesk_stage_retried_total{${label}} ${m.retried}`,
    `eventdesk_stage_dead_lettered_total{${label}} ${m.deadLettered}`,
    `eventdesk_stage_poison_total{${label}} ${m.poison}`,
    `eventdesk_stage_duplicates_skipped_total{${label}} ${m.duplicatesSkipped}`,
    `eventdesk_stage_outcomes_published_total{${label}} ${m.outcomesPublished}`,
    `eventdesk_stage_waiting_partitions{${label}} ${Object.keys(m.waiting).length}`,
  ];
  for (const [tp, lag] of Object.entries(m.lag)) {
    const [topic, partition] = [tp.slice(0, tp.lastIndexOf('/')), tp.slice(tp.lastIndexOf('/') + 1)];
    lines.push(`eventdesk_stage_lag{${label},topic="${topic}",partition="${partition}"} ${lag}`);
  }
  return lines.join('\n') + '\n';
}

export async function startHealthServer(port: number, metrics: () => StageMetrics): Promise<HealthServer> {
  const server = createServer((request, response) => {
    const m = metrics();
    if (request.url === '/health') {
      const healthy = m.state === 'running' || m.state === 'starting';
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify(m));
    } else if (request.url === '/metrics') {
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end(prometheusText(m));
    } else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'GET /health or /metrics' }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
