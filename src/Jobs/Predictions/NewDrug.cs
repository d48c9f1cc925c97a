namespace PerturbKG.Jobs.Predictions;

/// <summary>
/// A drug the trained graph does not hold, added for one prediction: a new SMILES with its target genes, or a KG drug
/// outside the training neighbourhood with its edges. Links are (store node id, relation name); the relation must
/// be one the trained graph has.
/// </summary>
public sealed record NewDrug(string Key, string Name, string? Smiles, IReadOnlyList<(long Node, string Relation)> Links);
