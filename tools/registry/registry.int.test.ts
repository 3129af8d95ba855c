import { describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { startRegistry } from './registry';
import { registerSchema } from '../test/schemaRegistry';

const portOpen = (port: number) =>
  new Promise<boolean>((ok) => {
    const sock = connect({ host: '127.0.0.1', port });
    sock.once('connect', () => (sock.destroy(), ok(true)));
    sock.once('error', () => ok(false));
  });

describe('local Apicurio Registry', () => {
  it('serves the Confluent-compatible API: a registered schema is found by id with its subject and version, and stop closes the port', async () => {
    const registry = await startRegistry();
    try {
      const schema = JSON.stringify({
        type: 'record',
        name: 'Payment',
        fields: [{ name: 'id', type: 'string' }],
      });
      const id = await registerSchema(registry.url, 'payments-value', 'AVRO', schema);
      const again = await registerSchema(registry.url, 'payments-value', 'AVRO', schema);
      expect(again).toBe(id);

      const byId = (await (await fetch(`${registry.url}/schemas/ids/${id}`)).json()) as {
        schema: string;
        schemaType?: string;
      };
      expect(JSON.parse(byId.schema)).toEqual(JSON.parse(schema));
      const versions = await (await fetch(`${registry.url}/schemas/ids/${id}/versions`)).json();
      expect(versions).toEqual([{ subject: 'payments-value', version: 1 }]);

      const unknown = await fetch(`${registry.url}/schemas/ids/${id + 1000}`);
      expect(unknown.status).toBe(404);
    } finally {
      await registry.stop();
    }
    expect(await portOpen(registry.port)).toBe(false);
  });
});
