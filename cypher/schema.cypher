// schema: uniqueness constraints and indexes, one statement per line group; run once per database (idempotent).
// Every graph node is an :Entity with its type as a second label; uid is the store's numeric node id.
CREATE CONSTRAINT entity_uid IF NOT EXISTS FOR (n:Entity) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT entity_type_key IF NOT EXISTS FOR (n:Entity) REQUIRE (n.type, n.key) IS UNIQUE;
CREATE CONSTRAINT drug_key IF NOT EXISTS FOR (n:Drug) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT gene_key IF NOT EXISTS FOR (n:Gene) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT cell_key IF NOT EXISTS FOR (n:CellLine) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT disease_key IF NOT EXISTS FOR (n:Disease) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT relation_id IF NOT EXISTS FOR (n:Relation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dataset_name IF NOT EXISTS FOR (n:Dataset) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT counter_name IF NOT EXISTS FOR (n:Counter) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT run_id IF NOT EXISTS FOR (n:Run) REQUIRE n.id IS UNIQUE;
CREATE INDEX entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type);
CREATE INDEX drug_name IF NOT EXISTS FOR (n:Drug) ON (n.name);
CREATE INDEX gene_name IF NOT EXISTS FOR (n:Gene) ON (n.name);
CREATE INDEX signature_id IF NOT EXISTS FOR (n:Signature) ON (n.sigId);
CREATE INDEX signature_dataset IF NOT EXISTS FOR (n:Signature) ON (n.dataset);
CREATE INDEX attribute_name IF NOT EXISTS FOR (n:Attribute) ON (n.name, n.node);
CREATE INDEX attribute_dataset IF NOT EXISTS FOR (n:Attribute) ON (n.dataset, n.node, n.name);
CREATE INDEX feature_vector IF NOT EXISTS FOR (n:FeatureVector) ON (n.dataset, n.set, n.nodeType, n.node);
CREATE INDEX baseline_dataset IF NOT EXISTS FOR (n:Baseline) ON (n.dataset, n.cell);
CREATE INDEX compound_match IF NOT EXISTS FOR (n:CompoundMatch) ON (n.dataset, n.compound);
CREATE INDEX dataset_file IF NOT EXISTS FOR (n:DatasetFile) ON (n.dataset, n.role, n.path);
CREATE INDEX explanation_lookup IF NOT EXISTS FOR (n:Explanation) ON (n.run, n.drug, n.cell, n.gene);
CREATE INDEX effect_run IF NOT EXISTS FOR ()-[e:PREDICTED_EFFECT]-() ON (e.run, e.cell);
