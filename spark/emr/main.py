"""The EMR Serverless entry point (``EntryPoint`` of the StartJobRun request): the same command line as
``python -m datamaster_spark.main``. ``--py-files`` brings the datamaster_spark archive, the lake contract
document inside it; the jobs import nothing beyond Spark and the standard library."""

import sys

from datamaster_spark.main import main

if __name__ == "__main__":
    sys.exit(main())
