// find-node: a node of a type by exact key, then key in any case, then name in any case.
MATCH (n:Entity {type: $type})
WHERE n.key = $text OR toLower(n.key) = toLower($text) OR toLower(n.name) = toLower($text)
RETURN n.uid AS uid, n.type AS type, n.key AS key, n.name AS name
ORDER BY CASE WHEN n.key = $text THEN 0 WHEN toLower(n.key) = toLower($text) THEN 1 ELSE 2 END, uid
LIMIT 1
