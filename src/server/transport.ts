/**
 * Socket I/O without the stream layer. Profiles at `-P 16` showed the
 * Readable/Writable bookkeeping around the two system calls of a batch
 * (a Buffer and ArrayBuffer per read, push/emit, a request object and a
 * callback per write) costing about as much as running the commands.
 *
 * Reads: a net.Socket created with the public `onread` option reads into a
 * caller-supplied buffer and hands each read to a callback. All plain TCP
 * and unix-socket clients share one read buffer, because a read callback
 * runs to completion before the next one starts; the request parser copies
 * out whatever is left unparsed (`RequestParser.retain()`). net.Server
 * builds its own Socket for each connection, so listeners run with
 * `pauseOnConnect` and the accepted socket's handle is moved into a new
 * Socket that has `onread`. That relies on `_handle` and `_server`, fields
 * Node has kept for a decade; when they are missing (and for TLS sockets,
 * which cannot take `onread`) the ordinary 'data' event is used.
 *
 * Writes: see HandleSink; StreamSink is the ordinary path.
 */
import net from 'node:net';
import { TLSSocket } from 'node:tls';
import type { ReplySink } from '../protocol/writer.js';

/** Largest single read, as Node's default (and Redis's 16 KB readQueryFromClient is smaller). */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

interface SocketInternals {
  _handle?: { readStop?(): number } | null;
  _server?: net.Server | null;
  server?: net.Server | null;
}

/** Receives `n` bytes at the start of the shared buffer; they are overwritten after it returns. */
export type ReadCallback = (buf: Buffer, n: number) => void;

/**
 * Moves a paused, just-accepted socket's handle into a Socket that reads
 * through `onRead`. Returns null when this Node cannot do that (the caller
 * then keeps the original socket and its 'data' events).
 */
export function adoptForDirectReads(socket: net.Socket, onRead: ReadCallback): net.Socket | null {
  const old = socket as unknown as SocketInternals;
  const handle = old._handle;
  if (handle === undefined || handle === null || !('_server' in old)) return null;
  old._handle = null;
  const adopted = new net.Socket({
    handle,
    readable: true,
    writable: true,
    // The client decides what the peer's FIN means (Client.onInputEnd): commands
    // already received still get their replies, as they do from Redis.
    allowHalfOpen: true,
    onread: { buffer: READ_BUFFER, callback: (n: number, buf: Buffer) => { onRead(buf, n); } },
  } as net.SocketConstructorOpts) as net.Socket & SocketInternals;
  // The listener counts connections through the socket it created; the new one now closes it.
  adopted._server = old._server ?? null;
  adopted.server = old.server ?? null;
  old._server = null;
  return adopted;
}

/** Where a client's replies go: the socket, by one of the two paths below. */
export interface SocketSink extends ReplySink {
  /** Bytes accepted but not yet handed to the kernel (CLIENT LIST omem, output buffer limits). */
  readonly pending: number;
}

/** The ordinary path: net.Socket's Writable stream (TLS, or a Node without the binding below). */
class StreamSink implements SocketSink {
  constructor(private readonly socket: net.Socket) {}
  write(buf: Buffer): void {
    this.socket.write(buf);
  }
  writev(bufs: Buffer[]): void {
    this.socket.cork();
    for (const b of bufs) this.socket.write(b);
    this.socket.uncork();
  }
  get pending(): number {
    return this.socket.writableLength;
  }
}

/**
 * Node's stream_wrap binding: the request object a handle write needs and
 * the shared state array where the write reports how it went. Reached
 * through process.binding, which Node still allows for this module (it
 * is on the allow-list kept for compatibility); when it is not there,
 * writes go through the stream.
 */
interface WriteReq {
  oncomplete: ((status: number) => void) | null;
  buffer: Buffer | Buffer[] | null;
}
interface StreamWrapBinding {
  WriteWrap: new () => WriteReq;
  streamBaseState: Int32Array;
  kBytesWritten: number;
  kLastWriteWasAsync: number;
}
interface WriteHandle {
  readonly writeQueueSize: number;
  writeBuffer(req: WriteReq, buf: Buffer): number;
  writev(req: WriteReq, bufs: Buffer[], allBuffers: boolean): number;
}

function loadStreamWrap(): StreamWrapBinding | null {
  try {
    const b = (process as unknown as { binding(name: string): StreamWrapBinding }).binding('stream_wrap');
    if (typeof b.WriteWrap !== 'function' || !(b.streamBaseState instanceof Int32Array)) return null;
    if (typeof b.kBytesWritten !== 'number' || typeof b.kLastWriteWasAsync !== 'number') return null;
    return b;
  } catch {
    return null;
  }
}

const streamWrap = process.env.RESPD_STREAM_WRITES === '1' ? null : loadStreamWrap();

/**
 * Writes straight to the socket's handle: the same system call the stream
 * would make, without the Writable state machine, its callback and the
 * per-write request object (reused while writes complete at once, which is
 * nearly always). When the kernel cannot take everything, libuv queues the
 * rest in order (its queue size is `pending`) and reports completion; until
 * then the buffer is kept referenced.
 */
class HandleSink implements SocketSink {
  private req: WriteReq | null = null;

  constructor(private readonly handle: WriteHandle, private readonly b: StreamWrapBinding, private readonly onError: () => void) {}

  /** libuv's count of bytes queued behind the kernel's socket buffer. */
  get pending(): number {
    return this.handle.writeQueueSize;
  }

  write(buf: Buffer): void {
    const req = this.req ?? new this.b.WriteWrap();
    this.finish(req, this.handle.writeBuffer(req, buf), buf);
  }

  writev(bufs: Buffer[]): void {
    const req = this.req ?? new this.b.WriteWrap();
    this.finish(req, this.handle.writev(req, bufs, true), bufs);
  }

  private finish(req: WriteReq, err: number, data: Buffer | Buffer[]): void {
    if (err !== 0) {
      this.req = null;
      this.onError();
      return;
    }
    if (this.b.streamBaseState[this.b.kLastWriteWasAsync] === 0) {
      this.req = req; // done at once: the request object can serve the next write
      return;
    }
    // Partly queued in libuv: the request belongs to that write, which must keep its bytes alive.
    this.req = null;
    req.buffer = data;
    req.oncomplete = (status: number) => {
      req.buffer = null;
      if (status < 0) this.onError();
    };
  }
}

/** The fastest sink this socket allows. `onError` is called when a write fails (the connection is then dead). */
export function replySink(socket: net.Socket, onError: () => void): SocketSink {
  const handle = (socket as unknown as { _handle?: Partial<WriteHandle> | null })._handle;
  if (streamWrap !== null && !(socket instanceof TLSSocket) && handle != null && typeof handle.writeBuffer === 'function' && typeof handle.writev === 'function') {
    return new HandleSink(handle as WriteHandle, streamWrap, onError);
  }
  return new StreamSink(socket);
}
