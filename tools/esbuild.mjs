#!/usr/bin/env node
// esbuild's command line, plus the workspace's esbuild plugins, which the esbuild binary cannot load (plugins
// need its JavaScript API). Takes esbuild's own flags:
//   node tools/esbuild.mjs <entry points> --bundle --platform=node --outdir=dist --banner:js=… --external:pkg
// --name[=value] sets an option, --name:key=value a map entry (banner, loader, out-extension), --name:value a
// list item (external); names become esbuild's camelCase options, which esbuild itself validates.
// The plugin: @datamaster/lake-manifest's, which puts the lake manifest's files into the bundle.
import { build } from 'esbuild';
import { lakeManifestPlugin } from '@datamaster/lake-manifest/esbuild-plugin';

const FLAG = /^--([a-z-]+)(?::([^=]+))?(?:=([\s\S]*))?$/;

function esbuildOptions(args) {
  const options = { entryPoints: [] };
  for (const arg of args) {
    const flag = FLAG.exec(arg);
    if (!flag) {
      if (arg.startsWith('-')) throw new Error(`tools/esbuild.mjs: cannot read the flag ${arg}`);
      options.entryPoints.push(arg);
      continue;
    }
    const [, name, key, value] = flag;
    const option = name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
    if (key === undefined) options[option] = value ?? true;
    else if (value === undefined) options[option] = [...(options[option] ?? []), key];
    else options[option] = { ...options[option], [key]: value };
  }
  return options;
}

try {
  await build({ ...esbuildOptions(process.argv.slice(2)), plugins: [lakeManifestPlugin()] });
} catch (error) {
  // esbuild has printed its errors already; only a problem with the flags is news.
  if (!error.errors) console.error(error.message);
  process.exitCode = 1;
}
