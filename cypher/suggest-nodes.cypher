// suggest-nodes: nodes of a type whose key or name holds what a user is typing (any case): exact matches first, then
// those starting with it, then the rest; shorter names first.
WITH toLower($text) AS text
MATCH (n:Entity {type: $type})
WHERE toLower(n.key) CONTAINS text OR toLower(n.name) CONTAINS text
RETURN n.uid AS uid, n.type AS type, n.key AS key, n.name AS name
ORDER BY CASE WHEN toLower(n.key) = text OR toLower(n.name) = text THEN 0
              WHEN toLower(n.key) STARTS WITH text OR toLower(n.name) STARTS WITH text THEN 1
              ELSE 2 END, size(n.name), n.name, uid
LIMIT toInteger($limit)
