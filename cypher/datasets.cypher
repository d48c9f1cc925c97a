// datasets: ingested datasets with their input files.
MATCH (ds:Dataset)
WHERE ds.ingestedAt IS NOT NULL
OPTIONAL MATCH (f:DatasetFile {dataset: ds.id})
WITH ds, f
ORDER BY f.role, f.path
RETURN ds.id AS id, ds.name AS name, ds.ingestedAt AS ingestedAt,
       [x IN collect(f) | {role: x.role, path: x.path, sha256: x.sha256, bytes: x.bytes}] AS files
ORDER BY id
