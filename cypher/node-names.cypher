// node-names: keys and names of a type's nodes, for suggesting close matches.
MATCH (n:Entity {type: $type})
RETURN n.key AS key, n.name AS name
