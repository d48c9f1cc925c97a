// contract-foreign-data: true when the database holds data the store contract suite did not leave (it then refuses to empty it).
OPTIONAL MATCH (marker:PerturbKGContractSuite)
WITH count(marker) AS markers
RETURN markers = 0 AND EXISTS { MATCH (n) } AS foreign
