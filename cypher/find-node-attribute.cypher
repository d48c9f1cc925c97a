// find-node-attribute: one attribute of the nodes of a type; later datasets come last, so they win.
MATCH (a:Attribute {name: $name})
MATCH (n:Entity {uid: a.node})
WHERE n.type = $type AND size(n.datasets) > 0
RETURN a.node AS node, a.value AS value
ORDER BY a.dataset
