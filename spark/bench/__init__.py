"""The Spark bench: `python -m bench` from spark/ (see __main__.py), or `npx nx run spark:bench`."""
