/**
 * INFO's instantaneous_* metrics, sampled the way Redis does: every 100ms
 * the server cron turns the growth of a counter since the previous sample
 * into a per-second rate and stores it in a ring of 16; the reported value
 * is the mean of the ring (so ~1.6s of history).
 */

export const METRIC_SAMPLES = 16;
export const SAMPLE_PERIOD_MS = 100;

export class InstantaneousMetric {
  private samples = new Float64Array(METRIC_SAMPLES);
  private idx = 0;
  private lastTime = Date.now();
  private lastCount = 0;

  track(reading: number, now = Date.now()): void {
    const t = now - this.lastTime;
    const ops = reading - this.lastCount;
    // integer arithmetic as in Redis: ops*1000/t truncated
    this.samples[this.idx] = t > 0 ? Math.trunc((ops * 1000) / t) : 0;
    this.idx = (this.idx + 1) % METRIC_SAMPLES;
    this.lastTime = now;
    this.lastCount = reading;
  }

  /** Mean of the samples, truncated like Redis's long long division. */
  get(): number {
    let sum = 0;
    for (let i = 0; i < METRIC_SAMPLES; i++) sum += this.samples[i];
    return Math.trunc(sum / METRIC_SAMPLES);
  }

  /** CONFIG RESETSTAT: start over from a zero reading now. */
  reset(now = Date.now()): void {
    this.samples.fill(0);
    this.idx = 0;
    this.lastTime = now;
    this.lastCount = 0;
  }
}

export class Sampler {
  readonly ops = new InstantaneousMetric();
  readonly netInput = new InstantaneousMetric();
  readonly netOutput = new InstantaneousMetric();
  private loops = 0;

  /**
   * Called on every cron tick of `periodMs`; samples every 100ms of cron
   * time (Redis's run_with_period(100)), or every tick when the cron is slower.
   */
  tick(periodMs: number, commands: number, netIn: number, netOut: number, now = Date.now()): void {
    const every = periodMs >= SAMPLE_PERIOD_MS ? 1 : Math.round(SAMPLE_PERIOD_MS / periodMs);
    if (this.loops++ % every !== 0) return;
    this.ops.track(commands, now);
    this.netInput.track(netIn, now);
    this.netOutput.track(netOut, now);
  }

  reset(): void {
    const now = Date.now();
    this.ops.reset(now);
    this.netInput.reset(now);
    this.netOutput.reset(now);
  }
}
