// The records channels: bounded scans of a topic (start, progress, cancel) and one record by offset.
import type { DomainHandlers } from '../../../shared/contract';
import { notFound } from '../appFailure';
import type { RecordPort } from '../kafka/recordPort';
import type { RecordDecoder } from '../schemas/recordDecoder';
import { getRecord, type ScanManager } from './scanManager';

export function createBrowseHandlers(deps: {
  records: () => Promise<RecordPort>;
  scans: () => Promise<ScanManager>;
  decoder: RecordDecoder;
}): DomainHandlers<'records'> {
  return {
    'records.browse': async (request) => (await deps.scans()).start(request),
    'records.scanProgress': async ({ scanId, after }) => (await deps.scans()).progress(scanId, after ?? 0),
    'records.scanCancel': async ({ scanId }) => (await deps.scans()).cancel(scanId),
    'records.get': async ({ topic, partition, offset }) => {
      const record = await getRecord(await deps.records(), topic, partition, offset, deps.decoder);
      if (!record)
        throw notFound(
          `no record at ${topic} partition ${partition} offset ${offset} (deleted by retention, or not written yet)`,
        );
      return record;
    },
  };
}
