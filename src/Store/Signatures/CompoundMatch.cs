namespace PerturbKG.Store.Signatures;

/// <summary>How a LINCS compound was joined to a drug node (method: inchikey, drugbank, name, or new).</summary>
public sealed record CompoundMatch(string Compound, long Drug, string Method);
