/**
 * Loaded into a benchmarked CLI process with `node --import`: on exit it writes the process's own
 * resource usage (CPU, peak RSS) to SB_USAGE_FILE, so the bench measures each step in isolation.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.SB_USAGE_FILE;
const started = performance.now();
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({
        wallSeconds: (performance.now() - started) / 1000,
        cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
        peakRssMb: usage.maxRSS / 1024,
      }),
    );
  });
}
