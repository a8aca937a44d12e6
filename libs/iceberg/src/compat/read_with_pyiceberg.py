"""Reads an Iceberg table through PyIceberg's SqlCatalog and prints what it sees as JSON.

Snapshot ids are printed as strings: they are longs, which JavaScript's JSON.parse would round.

Usage: read_with_pyiceberg.py <catalog.db> <warehouse-uri> <catalog-name> <namespace> <table>
"""
import json
import sys

from pyiceberg.catalog.sql import SqlCatalog

db, warehouse, name, namespace, table_name = sys.argv[1:6]
catalog = SqlCatalog(name, uri=f"sqlite:///{db}", warehouse=warehouse)
table = catalog.load_table((namespace, table_name))


def files(snapshot_id):
    return sorted(
        [task.file.file_path, task.file.record_count, dict(zip([f.name for f in table.spec().fields], list(task.file.partition)))]
        for task in table.scan(snapshot_id=snapshot_id).plan_files()
    )


print(
    json.dumps(
        {
            "namespaces": [list(n) for n in catalog.list_namespaces()],
            "tables": [list(t) for t in catalog.list_tables(namespace)],
            "field_ids": {f.name: f.field_id for f in table.schema().fields},
            "partition_fields": [[f.name, f.source_id, f.field_id] for f in table.spec().fields],
            "snapshots": [
                {
                    "id": str(s.snapshot_id),
                    "parent": None if s.parent_snapshot_id is None else str(s.parent_snapshot_id),
                    "sequence": s.sequence_number,
                    "operation": s.summary.operation.value,
                    "files": files(s.snapshot_id),
                }
                for s in table.metadata.snapshots
            ],
            "current": str(table.metadata.current_snapshot_id),
        }
    )
)
