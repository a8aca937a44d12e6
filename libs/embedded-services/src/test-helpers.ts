// Helpers for this library's own tests.
import { connect } from 'node:net';

/** Resolves with the connect error code, or 'connected' if something still listens at the endpoint. */
export function probeEndpoint(endpoint: string): Promise<string> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((done) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? String(error)));
  });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
