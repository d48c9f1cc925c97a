// begin-dataset: the dataset's record, created with a new id the first time its name is loaded.
MERGE (c:Counter {name: 'dataset'})
ON CREATE SET c.next = 1
WITH c
MERGE (ds:Dataset {name: $name})
ON CREATE SET ds.id = c.next, ds.createdAt = datetime(), c.next = c.next + 1
RETURN ds.id AS id
