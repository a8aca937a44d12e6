"""Scans an Iceberg table through PyIceberg's SqlCatalog and prints its current schema and rows as JSON.

Rows are sorted by the first column given.

Usage: scan_with_pyiceberg.py <catalog.db> <warehouse-uri> <catalog-name> <namespace> <table> <column,...>
"""

import json
import sys

from pyiceberg.catalog.sql import SqlCatalog

db, warehouse, name, namespace, table_name, columns = sys.argv[1:7]
catalog = SqlCatalog(name, uri=f"sqlite:///{db}", warehouse=warehouse)
table = catalog.load_table((namespace, table_name))
selected = columns.split(",")
rows = table.scan(selected_fields=tuple(selected)).to_arrow().sort_by(selected[0]).to_pylist()

print(
    json.dumps(
        {
            "fields": [[f.field_id, f.name, str(f.field_type)] for f in table.schema().fields],
            "rows": rows,
        }
    )
)
