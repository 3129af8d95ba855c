// Preloaded (`node --import`) into every stage process the sandbox spawns. The sandbox holds the write end of
// the stage's stdin; when the sandbox dies in any way (even SIGKILL, which runs no handler) the kernel closes
// that pipe, and the stage stops itself through its own SIGTERM handler instead of running on as an orphan.
if (!process.stdin.isTTY) {
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();
  // The pipe alone must not keep a stage alive that has otherwise finished.
  process.stdin.unref();
}
