// Loaded into an API process a test starts (NODE_OPTIONS=--import=<this file>): measures
// how late that process's event loop runs, from inside it, so that a test can tell the
// API holding its loop from the machine being busy. On SIGUSR2 it prints the delays since
// the last signal (ms) as one line, `loop-delay {"p50":…,"p99":…,"max":…}`, and starts over.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
process.on('SIGUSR2', () => {
  const ms = (ns) => Math.round(ns / 1e6);
  process.stderr.write(
    `loop-delay ${JSON.stringify({ p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) })}\n`,
  );
  histogram.reset();
});
