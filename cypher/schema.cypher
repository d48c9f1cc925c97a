// schema: uniqueness constraints and indexes, one statement per line group; run once per database (idempotent).
CREATE CONSTRAINT drug_key IF NOT EXISTS FOR (n:Drug) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT gene_key IF NOT EXISTS FOR (n:Gene) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT cell_key IF NOT EXISTS FOR (n:CellLine) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT disease_key IF NOT EXISTS FOR (n:Disease) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT run_id IF NOT EXISTS FOR (n:Run) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT signature_id IF NOT EXISTS FOR (n:Signature) REQUIRE n.sigId IS UNIQUE;
CREATE INDEX drug_name IF NOT EXISTS FOR (n:Drug) ON (n.name);
CREATE INDEX gene_name IF NOT EXISTS FOR (n:Gene) ON (n.name);
CREATE INDEX explanation_lookup IF NOT EXISTS FOR (n:Explanation) ON (n.run, n.drug, n.cell, n.gene);
CREATE INDEX effect_run IF NOT EXISTS FOR ()-[e:PREDICTED_EFFECT]-() ON (e.run, e.cell);
