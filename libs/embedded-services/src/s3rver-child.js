// Runs s3rver in its own process, started by s3.ts with `node --openssl-legacy-provider`: s3rver 3.7.1 encrypts
// ListObjectsV2 continuation tokens with DES, which OpenSSL 3 refuses without the legacy provider, so only this
// process carries the flag instead of every process that uses the embedded S3.
// Protocol: argv[2] is JSON {directory, buckets}. stdout carries one JSON message per line:
// {"type":"ready","port":N,"pid":N} once, then {"type":"event","notification":{Records:[...]}} per s3rver event.
// The process exits when its stdin closes (the parent stopped it, or died) or on SIGTERM.
import S3rver from 's3rver';

const { directory, buckets } = JSON.parse(process.argv[2] ?? '{}');
const s3rver = new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
s3rver.on('event', (notification) => send({ type: 'event', notification }));

let shuttingDown = false;
function shutdown() {
  if (shuttingDown) return;
  shuttingDown = true;
  if (!s3rver.httpServer?.listening) process.exit(0);
  s3rver.close().finally(() => process.exit(0));
  // A client holding a request open must not keep a stopped server alive.
  s3rver.httpServer.closeAllConnections();
}
process.stdin.on('end', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);

try {
  const { port } = await s3rver.run();
  send({ type: 'ready', port, pid: process.pid });
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
}
