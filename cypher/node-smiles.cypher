// node-smiles: the SMILES of some drug nodes ($nodes, uids); the first dataset's wins.
MATCH (a:Attribute {name: 'smiles'})
WHERE a.node IN $nodes
RETURN a.node AS node, a.value AS smiles
ORDER BY a.dataset
