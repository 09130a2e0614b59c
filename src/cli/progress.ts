import cliProgress from 'cli-progress';
import type { SimProgress } from '../sim/simulation.js';

/**
 * A progress bar on stderr for runs longer than a second, on a TTY only. The bar measures
 * arrivals against the stop condition (requests, or seconds of arrivals).
 */
export function createProgress(isTTY: boolean, total: { requests?: number; duration?: number }) {
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  const byRequests = total.requests !== undefined;
  const max = byRequests ? total.requests! : (total.duration ?? 0);
  return {
    update(p: SimProgress): void {
      if (!isTTY || max <= 0) return;
      if (!bar) {
        if (Date.now() - started < 1000) return;
        bar = new cliProgress.SingleBar(
          {
            format: `simulating [{bar}] {percentage}% | ${byRequests ? '{value}/{total} requests' : '{value}/{total} s'} | {completed} done`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(max, 0, { completed: 0 });
      }
      bar.update(Math.min(max, byRequests ? p.arrived : Math.round(p.now)), { completed: p.completed });
    },
    stop(): void {
      bar?.stop();
    },
  };
}
