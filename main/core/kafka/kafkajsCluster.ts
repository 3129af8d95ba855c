// Both ports on one kafkajs client per cluster: one set of broker connections, one admin, one producer.
import { createKafkaPortOn, kafkaPortClientOptions, type KafkajsAdapterOptions } from './kafkajsAdapter';
import { createKafkajsClient } from './kafkajsClient';
import type { ClientSecurity, KafkaPort } from './kafkaPort';
import { kafkajsSecurityConfig } from './kafkajsSecurity';
import { createRecordPortOn, type RecordReaderOptions } from './kafkajsRecords';
import type { RecordPort } from './recordPort';

export interface KafkajsClusterOptions extends KafkajsAdapterOptions, RecordReaderOptions {
  /** TLS material and SASL credentials of the connection profile. */
  security?: ClientSecurity;
}

export interface KafkajsCluster {
  kafka: KafkaPort;
  records: RecordPort;
  /** Closes both ports and the client. Closing each port on its own does the same once both are closed. */
  close(): Promise<void>;
}

/**
 * The client uses the KafkaPort's short timeouts and quick retries: the KafkaPort is the connectivity probe and
 * must name a failure within its call deadline. Record calls get the same client; a transient broker state
 * then reaches the caller sooner, as a KafkaPortError with `retryable` set.
 */
export function createKafkajsCluster(
  bootstrap: string[],
  options: KafkajsClusterOptions = {},
): KafkajsCluster {
  const client = createKafkajsClient(bootstrap, {
    ...kafkaPortClientOptions(options),
    config: kafkajsSecurityConfig(options.security),
  });
  const kafkaPort = createKafkaPortOn(client, options);
  const recordPort = createRecordPortOn(client, options);
  const open = new Set<'kafka' | 'records'>(['kafka', 'records']);
  const release = async (which: 'kafka' | 'records') => {
    open.delete(which);
    if (open.size === 0) await client.close();
  };
  return {
    kafka: {
      ...kafkaPort,
      close: async () => {
        await kafkaPort.close();
        await release('kafka');
      },
    },
    records: {
      ...recordPort,
      close: async () => {
        await recordPort.close();
        await release('records');
      },
    },
    async close() {
      await Promise.all([kafkaPort.close(), recordPort.close()]);
      open.clear();
      await client.close();
    },
  };
}
