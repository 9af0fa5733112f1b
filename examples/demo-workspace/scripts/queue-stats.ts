/**
 * Prints how many jobs wait in each trigger folder and the age of the oldest
 * inbox job. Run with: npx tsx scripts/queue-stats.ts
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const folders = ['inbox', 'processed', 'failed'] as const;

for (const folder of folders) {
  const dir = join(root, folder);
  const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  let oldestHours = 0;
  for (const name of files) {
    const ageHours = (Date.now() - statSync(join(dir, name)).mtimeMs) / 3_600_000;
    oldestHours = Math.max(oldestHours, ageHours);
  }
  const age = folder === 'inbox' && files.length > 0 ? ` (oldest ${oldestHours.toFixed(1)} h)` : '';
  process.stdout.write(`${folder.padEnd(10)} ${String(files.length).padStart(4)}${age}\n`);
}
