import { runCli } from './program.js';

// The SDK warns on every run that releases after January 2027 need Node 22; this platform pins its SDK
// versions and targets Node 20, so the warning only buries the command's own output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

// A reader that stops early (`datamaster … | head`) closes the pipe: what it wanted is out. The rest of the output
// goes nowhere, with no error and no stack trace, and the command still finishes its work: a `process` piped
// into head must not stop halfway through a write. (A query's export stops at once: see errors.ts.)
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
});

const streams = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
process.exitCode = await runCli(process.argv.slice(2), streams, [process.execPath, process.argv[1] as string]);
