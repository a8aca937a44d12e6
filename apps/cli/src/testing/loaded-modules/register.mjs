// Preloaded with `node --import <this file>`: records every module the process resolves, one URL per line, in the file
// $DATAMASTER_LOADED_MODULES names, so that a test can tell what a command loaded.
import { register } from 'node:module';

register(new URL('./hooks.mjs', import.meta.url), { data: { file: process.env.DATAMASTER_LOADED_MODULES } });
