// The sandbox's `--instances` flag: how many processes of each stage run in the stage's consumer group.
//   "2"                      every stage runs two instances
//   "receipts=3,cashback=2"  those stages run that many, every other stage one

export function parseInstances(text: string): number | Record<string, number> {
  const count = (value: string, what: string) => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 32)
      throw new Error(`--instances: ${what} "${value}" is not a count from 1 to 32`);
    return Number(value);
  };
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return count(trimmed, 'instances');
  const perStage: Record<string, number> = {};
  for (const part of trimmed.split(',').filter((p) => p.trim())) {
    const match = /^\s*([A-Za-z0-9_-]+)\s*=\s*(\S+)\s*$/.exec(part);
    if (!match) throw new Error(`--instances: "${part}" is not stage=count (e.g. receipts=3)`);
    perStage[match[1]!] = count(match[2]!, `count for ${match[1]}`);
  }
  if (Object.keys(perStage).length === 0) throw new Error('--instances: expected N or stage=count,...');
  return perStage;
}
