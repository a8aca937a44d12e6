"""Checks OpenLineage run events with openlineage-python's own classes (its attrs validators check the event time,
the producer URI and the run id; the classes fill in the schema URLs of the spec and facet versions they implement):
each JSON line of the files given is rebuilt as a RunEvent with its facets, and must serialize back to exactly the
same document — the same schema URLs, nothing unknown, nothing lost. Prints a JSON
summary: {"events": n, "errors": [...]}; exits 1 when an event is invalid."""

import json
import sys

from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import (
    error_message_run,
    input_statistics_input_dataset,
    job_type_job,
    output_statistics_output_dataset,
    schema_dataset,
)
from openlineage.client.serde import Serde

FACETS = {
    "schema": schema_dataset.SchemaDatasetFacet,
    "outputStatistics": output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet,
    "inputStatistics": input_statistics_input_dataset.InputStatisticsInputDatasetFacet,
    "errorMessage": error_message_run.ErrorMessageRunFacet,
    "jobType": job_type_job.JobTypeJobFacet,
}


def facets(raw):
    built = {}
    for name, value in (raw or {}).items():
        cls = FACETS.get(name)
        if cls is None:
            raise ValueError(f"unknown facet {name}")
        fields = {k: v for k, v in value.items() if not k.startswith("_")}
        if name == "schema":
            fields["fields"] = [schema_dataset.SchemaDatasetFacetFields(**f) for f in fields["fields"]]
        # The classes set _schemaURL themselves: the round trip below compares it with the event's.
        built[name] = cls(producer=value["_producer"], **fields)
    return built


def dataset(cls, raw, statistics):
    """An input or output dataset with its facets and its input or output facets."""
    return cls(
        namespace=raw["namespace"],
        name=raw["name"],
        facets=facets(raw.get("facets")),
        **{statistics: facets(raw.get(statistics))},
    )


def event(raw):
    return RunEvent(
        eventType=RunState[raw["eventType"]],
        eventTime=raw["eventTime"],
        producer=raw["producer"],
        run=Run(runId=raw["run"]["runId"], facets=facets(raw["run"].get("facets"))),
        job=Job(namespace=raw["job"]["namespace"], name=raw["job"]["name"], facets=facets(raw["job"].get("facets"))),
        inputs=[dataset(InputDataset, d, "inputFacets") for d in raw["inputs"]],
        outputs=[dataset(OutputDataset, d, "outputFacets") for d in raw["outputs"]],
    )


def normalized(document):
    """Drops empty facet maps, which the client leaves out when it serializes."""
    if isinstance(document, dict):
        return {k: normalized(v) for k, v in document.items() if not (isinstance(v, (dict, list)) and len(v) == 0)}
    if isinstance(document, list):
        return [normalized(v) for v in document]
    return document


def main(paths):
    count, errors = 0, []
    for path in paths:
        with open(path, encoding="utf-8") as file:
            for number, line in enumerate(file, 1):
                if not line.strip():
                    continue
                count += 1
                raw = json.loads(line)
                try:
                    rebuilt = json.loads(Serde.to_json(event(raw)))
                    if normalized(rebuilt) != normalized(raw):
                        raise ValueError(f"serializes differently: {json.dumps(normalized(rebuilt))[:400]}")
                except Exception as error:  # every invalid event is reported, not the first only
                    errors.append(f"{path}:{number}: {type(error).__name__}: {error}")
    json.dump({"events": count, "errors": errors}, sys.stdout)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
