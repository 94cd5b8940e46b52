"""Scale-out coding: split a large input into partitions and code them on Dask workers.

`flashpoint.engine.partitions` plans and reads partitions (JSONL by line ranges, Parquet by row
groups, local paths or any fsspec URL); `flashpoint.engine.worker` codes one partition with the same
pipeline as `flashpoint.pipeline.run` and writes it as Parquet; `flashpoint.engine.dask` runs the
partitions on a Dask cluster. `flashpoint.store.attach.attach_partitions` brings the output into a
store. Importing this package is cheap: Dask, DuckDB and the coder load when used.
"""
