// contract-empty: empties the test database (in batches) and marks it as the contract suite's.
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS;
CREATE (:PerturbKGContractSuite {note: 'emptied by the PerturbKG store contract suite before each test'});
