// record-file: an input file's provenance.
MERGE (f:DatasetFile {dataset: $dataset, role: $role, path: $path})
SET f.sha256 = $sha256, f.bytes = $bytes
