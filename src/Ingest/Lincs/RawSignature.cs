using PerturbKG.Store.Signatures;

namespace PerturbKG.Ingest.Lincs;

/// <summary>A signature as a source file gives it, before its compound and cell are joined to graph nodes.</summary>
/// <param name="Values">978 values in landmark position order; NaN where the file had no usable value.</param>
/// <param name="Line">Where the signature is described (its row, or its column's header line).</param>
public sealed record RawSignature(
    string SignatureId,
    SignatureKind Kind,
    CompoundInfo Compound,
    string? CellId,
    Amount Dose,
    Amount Time,
    float[] Values,
    string File,
    long Line);
