// set-baselines: basal expression of cell lines (landmark order).
UNWIND $rows AS row
MERGE (b:Baseline {dataset: $dataset, cell: row.cell})
SET b.values = row.values
