// One record decoder (and so one schema cache) per distinct registry, for as long as this thread runs: the
// console's main loop and each engine worker hold their own. Few registries are ever in use; the least
// recently used beyond a handful is dropped.
import { createSchemaRegistryClient, type SchemaRegistrySettings } from '../../../shared/schemaRegistry';
import { createRecordDecoder, type RecordDecoder } from './recordDecoder';

const MAX_REGISTRIES = 4;
const decoders = new Map<string, RecordDecoder>();
const none = createRecordDecoder(null);

/** The decoder for these settings (credentials included: another user may see other subjects). */
export function registryDecoder(settings: SchemaRegistrySettings | null): RecordDecoder {
  if (!settings) return none;
  const key = JSON.stringify([settings.url, settings.auth ?? null, settings.bearerToken ?? null]);
  let found = decoders.get(key);
  decoders.delete(key);
  found ??= createRecordDecoder(createSchemaRegistryClient(settings));
  decoders.set(key, found);
  while (decoders.size > MAX_REGISTRIES) decoders.delete(decoders.keys().next().value!);
  return found;
}
