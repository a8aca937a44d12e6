// @datamaster/iceberg/testing: moto's server (Glue and S3 on loopback, from spark/.venv), for the tests of code that
// runs against the Glue Data Catalog on AWS. Starts a Python process, so for tests only.
export { MotoUnavailableError, startMotoServer, type MotoServer, type MotoServerOptions } from './testing/moto-server.js';
