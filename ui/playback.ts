// Play-back over windows: the slider steps back through earlier windows of the chosen length
// (0 = the newest, live; -k = the window ending k lengths before it), and ▶ steps forward to the
// newest one by one. A step stands for an absolute window end (`at`), so the 10 s reloads and new
// traffic do not move what is being played back. The slider's range is the graph's time span.
import { time } from './format.js';
import type { MapData, WindowName } from './types.js';

export const SPAN_MS: Readonly<Record<WindowName, number | undefined>> = {
  '5m': 5 * 60_000,
  '1h': 60 * 60_000,
  '24h': 24 * 60 * 60_000,
  all: undefined,
};

/** How many windows of `span` reach back from the newest window end to the oldest window start. */
export function stepsIn(oldest: number | null, newest: number | null, span: number | undefined): number {
  if (span === undefined || oldest === null || newest === null) return 1;
  return Math.max(1, Math.ceil((newest - oldest) / span));
}

/** The slider step (0 or negative) an absolute window end stands at. */
export const stepOf = (at: number | undefined, newest: number | null, span: number | undefined): number =>
  at === undefined || newest === null || span === undefined ? 0 : 0 - Math.round((newest - at) / span);

const STEP_EVERY_MS = 1_200;

export class Playback {
  /** The window end played back; undefined: the newest (live). */
  at: number | undefined;
  private newest: number | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly slider: HTMLInputElement,
    private readonly play: HTMLButtonElement,
    private readonly label: HTMLElement,
    private readonly windowName: () => WindowName,
    private readonly onMove: () => void,
  ) {
    slider.oninput = () => this.moveTo(Number(slider.value));
    play.onclick = () => (this.timer ? this.stop() : this.start());
  }

  /** A different window length starts live again. */
  reset(): void {
    this.stop();
    this.at = undefined;
  }

  /** After each load: the range from the graph's span, the position from `at`, the label from the window. */
  show(d: MapData): void {
    const span = SPAN_MS[this.windowName()];
    this.newest = d.newest;
    const steps = stepsIn(d.oldest, d.newest, span);
    this.slider.min = String(-(steps - 1));
    this.slider.max = '0';
    this.slider.value = String(Math.max(-(steps - 1), stepOf(this.at, d.newest, span)));
    this.slider.disabled = span === undefined || steps < 2;
    this.play.disabled = this.slider.disabled;
    this.label.textContent =
      span === undefined || d.from === null ? 'all' : `${time(d.from)} – ${time(d.to)}${this.at ? '' : ' (live)'}`;
    this.label.dataset['from'] = String(d.from ?? '');
    this.label.dataset['to'] = String(d.to ?? '');
  }

  private moveTo(step: number): void {
    const span = SPAN_MS[this.windowName()];
    this.at = step >= 0 || span === undefined || this.newest === null ? undefined : this.newest + step * span;
    this.slider.value = String(Math.min(0, step));
    this.onMove();
  }

  private start(): void {
    // from the oldest window when at the newest already, else from where the slider is
    if (this.at === undefined) this.moveTo(Number(this.slider.min));
    this.play.textContent = '⏸';
    this.timer = setInterval(() => {
      const next = Number(this.slider.value) + 1;
      if (next > 0) return this.stop();
      this.moveTo(next);
    }, STEP_EVERY_MS);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.play.textContent = '▶';
  }
}
