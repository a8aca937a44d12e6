// Preloaded with `node --import`: prints the process's peak resident set (KiB) on stderr as it exits.
process.on('exit', () => process.stderr.write(`\nmax-rss-kib ${process.resourceUsage().maxRSS}\n`));
