"""The EMR Serverless entry point (``EntryPoint`` of the StartJobRun request): the same command line as
``python -m datamaster_spark.main``. ``--py-files`` brings the datamaster_spark archive; ``spark.archives=
…/datamaster_deps.tar.gz#deps`` unpacks boto3 and its dependencies into ./deps of the driver's working folder."""

import os
import sys

DEPENDENCIES = os.path.abspath("deps")
if os.path.isdir(DEPENDENCIES):
    sys.path.insert(0, DEPENDENCIES)

from datamaster_spark.main import main  # noqa: E402 (needs the dependencies on the path)

if __name__ == "__main__":
    sys.exit(main())
