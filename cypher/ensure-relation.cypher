// ensure-relation: the id of a relation type (name, display, node types), created with the next id when new.
MERGE (c:Counter {name: 'relation'})
ON CREATE SET c.next = 1
WITH c
MERGE (r:Relation {name: $name, display: $display, sourceType: $sourceType, targetType: $targetType})
ON CREATE SET r.id = c.next, c.next = c.next + 1
SET r.directed = $directed
RETURN r.id AS id
