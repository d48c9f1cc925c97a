// clear-dataset-records: a dataset's signatures, baselines, features, attributes, matches and files from before.
MATCH (x:Signature|Baseline|FeatureSet|FeatureVector|Attribute|CompoundMatch|DatasetFile {dataset: $dataset})
DETACH DELETE x
