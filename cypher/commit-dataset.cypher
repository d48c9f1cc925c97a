// commit-dataset: the dataset is ingested; its report (JSON) is kept with it.
MATCH (ds:Dataset {id: $dataset})
SET ds.ingestedAt = datetime(), ds.report = $report
