namespace PerturbKG.Model.Gat;

/// <summary>Every choice the GAT makes, with its seed, in one place (see docs/model.md for why each default).</summary>
public sealed record GatOptions
{
    /// <summary>Width of node states: heads × head width.</summary>
    public int Hidden { get; init; } = 64;

    public int Heads { get; init; } = 4;

    /// <summary>Attention layers; the path term reaches genes this many edges from the drug (three: drug → target → two PPI steps).</summary>
    public int Layers { get; init; } = 3;

    public float Dropout { get; init; } = 0.3f;

    public float AttentionDropout { get; init; }

    /// <summary>LeakyReLU slope of the attention logits (GAT's 0.2).</summary>
    public float AttentionSlope { get; init; } = 0.2f;

    /// <summary>Node types that get a learned embedding added to (or instead of) their input features.</summary>
    public IReadOnlySet<string> EmbeddedTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "Gene" };

    /// <summary>
    /// Node types whose input features the attention network does not read: each starts from one learned vector for the
    /// whole type, so their states come from the graph alone (the prior still reads drug features).
    /// </summary>
    public IReadOnlySet<string> FeaturelessTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Standard deviation of learned embeddings at initialisation.</summary>
    public float EmbeddingScale { get; init; } = 0.1f;

    /// <summary>
    /// Start from a closed-form ridge on the drug's random-walk readout, its features and the cell's (<see cref="PriorTerm"/>)
    /// and learn a correction of it, scaled on the validation fold; without it the model starts from the cell mean.
    /// </summary>
    public bool Prior { get; init; } = true;

    public ulong Seed { get; init; } = 1;
}
