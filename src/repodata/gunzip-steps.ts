/**
 * gzip inflated a step at a time into buffers the caller owns, through node:zlib's native
 * handle, driven synchronously the way `gunzipSync` drives it (node's lib/zlib.js,
 * `processChunkSync`). `gunzipSync` allocates its own output: it cannot inflate into a
 * SharedArrayBuffer that worker threads parse from, nor stop after the first half of a file and
 * go on later, which is what the cold load of a large primary needs (primary-stream.ts).
 *
 * The handle is not public API (`_handle`, `_writeState`), so {@link GunzipSteps.open} checks
 * for what it uses and answers undefined when this Node lacks it; the caller then uses
 * {@link gunzipNode}. Errors are zlib's own, caught by `onerror` as node:zlib does.
 */
import { constants, createGunzip } from 'node:zlib';

/** The part of node:zlib's native handle used here. */
interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  onerror: (message: string, errno: number) => void;
}

/** A gzip stream (one file, members back to back as `gunzipSync` reads them) inflated step by step. */
export class GunzipSteps {
  readonly #input: Uint8Array;
  readonly #close: () => void;
  readonly #handle: ZlibHandle;
  readonly #state: Uint32Array;
  #inOff = 0;
  #ended = false;
  #error: string | undefined;

  private constructor(input: Uint8Array, handle: ZlibHandle, state: Uint32Array, close: () => void) {
    this.#input = input;
    this.#handle = handle;
    this.#state = state;
    this.#close = close;
    handle.onerror = (message) => {
      this.#error ??= message;
    };
  }

  /** A stepper over gzip `input`, or undefined when this Node's zlib does not expose its handle. */
  static open(input: Uint8Array): GunzipSteps | undefined {
    const g = createGunzip() as unknown as { _handle?: Partial<ZlibHandle>; _writeState?: unknown; close(): void };
    const handle = g._handle;
    if (!handle || typeof handle.writeSync !== 'function' || !(g._writeState instanceof Uint32Array) || g._writeState.length < 2) {
      g.close();
      return undefined;
    }
    return new GunzipSteps(input, handle as ZlibHandle, g._writeState, () => g.close());
  }

  /** True once the whole input is inflated (the end of the last member reached). */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Inflates into `out[outOff, outOff + outLen)` and returns how many bytes it wrote: fewer than
   * `outLen` only at the end. Throws a plain Error with zlib's message on corrupt or truncated
   * data (the caller turns it into its typed error).
   */
  step(out: Uint8Array, outOff: number, outLen: number): number {
    if (this.#ended || outLen === 0) return 0;
    // Z_FINISH as gunzipSync uses: input that ends before the stream does is an error.
    this.#handle.writeSync(constants.Z_FINISH, this.#input, this.#inOff, this.#input.length - this.#inOff, out, outOff, outLen);
    if (this.#error !== undefined) throw new Error(this.#error);
    const availOut = this.#state[0];
    const availIn = this.#state[1];
    this.#inOff = this.#input.length - availIn;
    // Room left in the output means zlib stopped for want of input: the stream is complete.
    if (availOut > 0) this.#ended = true;
    return outLen - availOut;
  }

  /** Frees zlib's state. */
  close(): void {
    this.#close();
  }
}
