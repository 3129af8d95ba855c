// Compression codecs for kafkajs: kafkajs ships gzip only, and its codec table is process-wide, so both
// readers (and kafkajs's own decoder) find snappy, lz4 and zstd once they are registered here.
import kafkajs, { CompressionTypes } from 'kafkajs';
import { decompress as zstdDecompress } from 'fzstd';
import LZ4Codec from 'kafkajs-lz4';
import type { Decompress } from './recordBatchDecoder';
import { nodeRequire } from './nodeRequire';

// kafkajs is CommonJS and Node's ESM loader cannot see CompressionCodecs as a named export; take it
// from the default export so this module loads under plain Node (tsx, the bridge CLI) as well as bundlers.
const { CompressionCodecs } = kafkajs;

interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

let codecsRegistered = false;

/**
 * kafkajs only ships gzip; topics written by other clients (kcat, Java) may use snappy, lz4 or zstd.
 * zstd is decode-only (pure-JS fzstd): the console reads zstd topics but never writes zstd itself.
 */
export function registerCompressionCodecs(): void {
  if (codecsRegistered) return;
  codecsRegistered = true;
  const require = nodeRequire();
  const snappyFactory = require('kafkajs-snappy') as () => KafkajsCodec;
  const codecs = CompressionCodecs as unknown as Record<number, () => KafkajsCodec>;
  codecs[CompressionTypes.Snappy] = snappyFactory;
  codecs[CompressionTypes.LZ4] = new LZ4Codec().codec;
  codecs[CompressionTypes.ZSTD] = () => ({
    async compress() {
      throw new Error('Eventdesk reads zstd-compressed topics but does not write zstd');
    },
    async decompress(buffer: Buffer) {
      const out = zstdDecompress(buffer);
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
  });
}

const codecCache = new Map<number, CodecInstance>();
type CodecInstance = { decompress(buffer: Buffer): Promise<Buffer> };
/** Decompresses with the codec kafkajs has registered for that attribute value (the lean decoder uses it). */
export const decompressWithCodecs: Decompress = async (codec, data) => {
  let instance = codecCache.get(codec);
  if (!instance) {
    const factory = (CompressionCodecs as unknown as Record<number, (() => CodecInstance) | undefined>)[
      codec
    ];
    if (!factory) throw new Error(`records compressed with codec ${codec}, which is not registered`);
    codecCache.set(codec, (instance = factory()));
  }
  return instance.decompress(data);
};
