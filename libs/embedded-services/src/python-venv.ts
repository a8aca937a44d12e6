// The tests' Python tools (moto's server, PyIceberg) run with spark/.venv's Python: `npx nx run spark:setup`
// makes it from the pins in spark/pyproject.toml, and the test targets that use it run that first.
import { fileURLToPath } from 'node:url';

export const SPARK_VENV_PYTHON = fileURLToPath(new URL('../../../spark/.venv/bin/python', import.meta.url));

/** The one command that sets the venv up (idempotent: a second run only checks). */
export const SPARK_SETUP_COMMAND = 'npx nx run spark:setup';
