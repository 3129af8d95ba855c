// How big each thread's young generation may grow. V8 starts a thread with 1 MiB semi-spaces and doubles them,
// up to 16 MiB each, whenever enough objects have survived its scavenges since the last doubling; in a process
// that runs for hours that point always comes, so a console that allocates steadily (live updates, kafkajs
// fetches) grows by 24 MiB per thread in its first minutes and never gives it back (the soak bench's
// "Where the memory is" table: new space 8 → 32 MiB in the main thread and in the engine worker between
// minutes 2 and 4, everything else flat). Four MiB is the size the console had reached after its two-minute
// warm-up, so capping there costs it no scavenges it was not already doing.
export const SEMI_SPACE_MB = 4;

/** Node's flag for a process's main thread; its launchers pass it (tools/setup.mjs, `npm run console`). */
export const SEMI_SPACE_FLAG = `--max-semi-space-size=${SEMI_SPACE_MB}`;

/** A worker thread's young generation (Worker resourceLimits): V8 sizes it as three semi-spaces. */
export const WORKER_YOUNG_GENERATION_MB = 3 * SEMI_SPACE_MB;
