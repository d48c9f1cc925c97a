-- PerturbKG embedded store, schema version 1. Documented in docs/store-schema.md.
-- Every row that a dataset contributes carries that dataset's id, so a dataset can be replaced atomically.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS datasets (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    ingested_at TEXT,
    report      TEXT
);

CREATE TABLE IF NOT EXISTS dataset_files (
    dataset INTEGER NOT NULL,
    role    TEXT NOT NULL,
    path    TEXT NOT NULL,
    sha256  TEXT NOT NULL,
    bytes   INTEGER NOT NULL,
    PRIMARY KEY (dataset, role, path)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS nodes (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    type   TEXT NOT NULL,
    key    TEXT NOT NULL,
    name   TEXT NOT NULL,
    source TEXT,
    UNIQUE (type, key)
);

CREATE TABLE IF NOT EXISTS node_datasets (
    dataset INTEGER NOT NULL,
    node    INTEGER NOT NULL,
    PRIMARY KEY (dataset, node)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS node_datasets_node ON node_datasets (node);

CREATE TABLE IF NOT EXISTS node_attributes (
    dataset INTEGER NOT NULL,
    node    INTEGER NOT NULL,
    name    TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (dataset, node, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS node_attributes_name ON node_attributes (name, node);

CREATE TABLE IF NOT EXISTS feature_sets (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset   INTEGER NOT NULL,
    name      TEXT NOT NULL,
    node_type TEXT NOT NULL,
    dimension INTEGER NOT NULL,
    UNIQUE (dataset, name, node_type)
);

CREATE TABLE IF NOT EXISTS node_features (
    feature_set INTEGER NOT NULL,
    node        INTEGER NOT NULL,
    vector      BLOB NOT NULL, -- dimension x float32, little-endian
    PRIMARY KEY (feature_set, node)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS relations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    display     TEXT NOT NULL,
    source_type TEXT NOT NULL,
    target_type TEXT NOT NULL,
    directed    INTEGER NOT NULL,
    UNIQUE (name, display, source_type, target_type)
);

CREATE TABLE IF NOT EXISTS edges (
    dataset  INTEGER NOT NULL,
    relation INTEGER NOT NULL,
    source   INTEGER NOT NULL,
    target   INTEGER NOT NULL,
    PRIMARY KEY (dataset, relation, source, target)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_source ON edges (source);
CREATE INDEX IF NOT EXISTS edges_target ON edges (target);

CREATE TABLE IF NOT EXISTS landmark_genes (
    position INTEGER PRIMARY KEY,
    entrez   TEXT NOT NULL UNIQUE,
    symbol   TEXT NOT NULL,
    node     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS signatures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset   INTEGER NOT NULL,
    sig_id    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    drug      INTEGER NOT NULL,
    cell      INTEGER NOT NULL,
    dose      REAL,
    dose_unit TEXT,
    time      REAL,
    time_unit TEXT,
    vector    BLOB NOT NULL, -- 978 x float32, little-endian, landmark position order
    UNIQUE (dataset, sig_id)
);
CREATE INDEX IF NOT EXISTS signatures_pair ON signatures (drug, cell);

CREATE TABLE IF NOT EXISTS cell_baselines (
    dataset INTEGER NOT NULL,
    cell    INTEGER NOT NULL,
    vector  BLOB NOT NULL,
    PRIMARY KEY (dataset, cell)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS compound_matches (
    dataset  INTEGER NOT NULL,
    compound TEXT NOT NULL,
    drug     INTEGER NOT NULL,
    method   TEXT NOT NULL,
    PRIMARY KEY (dataset, compound)
) WITHOUT ROWID;

-- Schema version 2: predictions written back by training runs.
CREATE TABLE IF NOT EXISTS runs (
    id           TEXT PRIMARY KEY,
    model        TEXT NOT NULL,
    directory    TEXT NOT NULL,
    written_at   TEXT NOT NULL,
    is_current   INTEGER NOT NULL DEFAULT 0,
    faithfulness TEXT
) WITHOUT ROWID;

-- PREDICTED_EFFECT edges Drug -> Gene, per cell line and run.
CREATE TABLE IF NOT EXISTS predicted_effects (
    run    TEXT NOT NULL,
    drug   INTEGER NOT NULL,
    cell   INTEGER NOT NULL,
    gene   INTEGER NOT NULL,
    delta  REAL NOT NULL,
    zscore REAL NOT NULL,
    rank   INTEGER NOT NULL,
    PRIMARY KEY (run, drug, cell, gene)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS predicted_effects_gene ON predicted_effects (run, gene, cell);

-- Attention paths explaining an effect: node ids, relation names and attention weights as JSON arrays.
CREATE TABLE IF NOT EXISTS explanation_paths (
    run       TEXT NOT NULL,
    drug      INTEGER NOT NULL,
    cell      INTEGER NOT NULL,
    gene      INTEGER NOT NULL,
    rank      INTEGER NOT NULL,
    score     REAL NOT NULL,
    nodes     TEXT NOT NULL,
    relations TEXT NOT NULL,
    weights   TEXT NOT NULL,
    PRIMARY KEY (run, drug, cell, gene, rank)
) WITHOUT ROWID;
