// relations: every relation type with its id.
MATCH (r:Relation)
RETURN r.id AS id, r.name AS name, r.display AS display, r.sourceType AS sourceType, r.targetType AS targetType,
       r.directed AS directed
ORDER BY id
