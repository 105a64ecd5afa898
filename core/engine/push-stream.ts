/**
 * The Engine API's push answer: JSON messages, one a line (docker's jsonmessage stream). Layer
 * lines carry an `id` and a status (Preparing, Waiting, Pushing with progressDetail, Pushed, Layer
 * already exists, Mounted from ...); an `error` message ends the push as failed. The engine's own
 * digest line and `aux` are read but never trusted: the pushed digest comes from the registry.
 */
import { SignetError } from '../errors.js';

export interface PushLayer {
  /** The layer's short ID as the engine names it. */
  id: string;
  status: string;
  /** Bytes sent so far and in all, while Pushing. */
  current?: number;
  total?: number;
}

interface JsonMessage {
  status?: unknown;
  id?: unknown;
  progressDetail?: { current?: unknown; total?: unknown };
  error?: unknown;
  errorDetail?: { message?: unknown };
}

/** A line longer than this is not a progress message. */
const MAX_LINE = 1024 * 1024;

/** Splits the stream into messages and reports layer changes; throws ENGINE_PUSH_FAILED on an error message. */
export class PushStreamReader {
  private readonly decoder = new TextDecoder();
  private pending = '';

  constructor(
    private readonly what: string,
    private readonly onLayer: (layer: PushLayer) => void,
  ) {}

  feed(chunk: Uint8Array): void {
    this.pending += this.decoder.decode(chunk);
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      this.line(line);
    }
    if (this.pending.length > MAX_LINE) throw this.failed('the engine sent a message line longer than 1 MiB');
  }

  end(): void {
    const rest = this.pending;
    this.pending = '';
    this.line(rest);
  }

  private line(text: string): void {
    const t = text.trim();
    if (t === '') return;
    let m: JsonMessage;
    try {
      m = JSON.parse(t) as JsonMessage;
    } catch {
      throw this.failed(`the engine sent something that is not a JSON message: ${t.slice(0, 80)}`);
    }
    if (m === null || typeof m !== 'object') return;
    const error = typeof m.errorDetail?.message === 'string' ? m.errorDetail.message : m.error;
    if (typeof error === 'string' && error !== '') throw this.failed(error);
    if (typeof m.id !== 'string' || m.id === '' || typeof m.status !== 'string') return;
    const layer: PushLayer = { id: m.id, status: m.status };
    const current = m.progressDetail?.current;
    const total = m.progressDetail?.total;
    if (typeof current === 'number' && current >= 0) layer.current = current;
    if (typeof total === 'number' && total > 0) layer.total = total;
    this.onLayer(layer);
  }

  private failed(why: string): SignetError {
    return new SignetError('ENGINE_PUSH_FAILED', `pushing ${this.what} failed: ${why}`, {
      hint: 'check the registry login (docker login) and that the registry accepts pushes; nothing was signed',
    });
  }
}
