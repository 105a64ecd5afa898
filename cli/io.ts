import { systemClock } from '../core/node/clock.js';

/** Where a command writes; injectable so tests can run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** The clock every command judges expiry by (tests pin it). */
  now: () => Date;
}

export const processIO: CliIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  env: process.env,
  now: systemClock,
};
