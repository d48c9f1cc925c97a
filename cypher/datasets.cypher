// datasets: ingested datasets with their input files.
MATCH (ds:Dataset)
WHERE ds.ingestedAt IS NOT NULL
OPTIONAL MATCH (f:DatasetFile {dataset: ds.id})
WITH ds, f
ORDER BY f.role, f.path
RETURN ds.id AS id, ds.name AS name, toString(ds.ingestedAt) AS ingestedAt,
       [x IN collect(f) | [x.role, x.path, x.sha256, x.bytes]] AS files
ORDER BY id
