// Calls made in one turn of the event loop, answered together. A stuck-payments refresh asks for the
// watermarks of some thirty topics and the commits of five groups at once; kafkajs's admin answers each
// with its own requests, so the asking alone cost more CPU than the records read. Batched, they are a
// few requests per broker. A batch that fails is answered call by call, each with its own result or
// error, exactly as unbatched.

export type BatchAnswer<T, R> = (items: readonly T[]) => Promise<R[]>;

export interface TickBatch<T, R> {
  ask(item: T): Promise<R>;
}

export function tickBatch<T, R>(
  answerAll: BatchAnswer<T, R>,
  answerOne: (item: T) => Promise<R>,
): TickBatch<T, R> {
  let waiting: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];

  const flush = async () => {
    const calls = waiting;
    waiting = [];
    if (calls.length === 1) {
      const [only] = calls;
      return answerOne(only!.item).then(only!.resolve, only!.reject);
    }
    try {
      const results = await answerAll(calls.map((c) => c.item));
      if (results.length !== calls.length)
        throw new Error(`a batch of ${calls.length} was answered with ${results.length}`);
      calls.forEach((c, i) => c.resolve(results[i]!));
    } catch {
      await Promise.all(calls.map((c) => answerOne(c.item).then(c.resolve, c.reject)));
    }
  };

  return {
    ask(item) {
      return new Promise<R>((resolve, reject) => {
        if (waiting.length === 0) setImmediate(() => void flush());
        waiting.push({ item, resolve, reject });
      });
    },
  };
}
