using PerturbKG.Model.Data;
using PerturbKG.Model.Tensors;

namespace PerturbKG.Model.Gat;

/// <summary>
/// Maps every node type's own input into the shared hidden width: a linear map of its features (ECFP4 and drug
/// embeddings for drugs, basal expression for cells, given embeddings for genes, ...), plus a learned embedding per
/// node for embedded types; types with neither get a learned embedding.
/// </summary>
public sealed class InputProjection
{
    private readonly List<(NodeBlock Block, Tensor? Weight, Tensor? Bias, Tensor? Embedding)> _types = [];

    public InputProjection(GraphData data, GatOptions options, DeterministicRandom random)
    {
        foreach (var block in data.Blocks)
        {
            Tensor? weight = null, bias = null, embedding = null;
            if (block.Features is { } features)
            {
                weight = Init.Xavier(features.Cols, options.Hidden, random);
                bias = Init.Constant(1, options.Hidden, 0f);
            }

            if (block.Features is null || options.EmbeddedTypes.Contains(block.Type))
            {
                embedding = Init.Normal(block.Count, options.Hidden, options.EmbeddingScale, random);
            }

            _types.Add((block, weight, bias, embedding));
        }
    }

    public IEnumerable<Tensor> Parameters => _types.SelectMany(t => new[] { t.Weight, t.Bias, t.Embedding }).OfType<Tensor>();

    /// <summary>Initial node states (nodes × hidden), block by block.</summary>
    public Tensor Forward(Tape tape, IReadOnlyList<NodeBlock> blocks)
    {
        var parts = new Tensor[_types.Count];
        for (var i = 0; i < _types.Count; i++)
        {
            var (_, weight, bias, embedding) = _types[i];
            var features = blocks[i].Features;
            var projected = features is null || weight is null ? null : tape.Linear(features, weight, bias);
            parts[i] = (projected, embedding) switch
            {
                ({ } p, { } e) => tape.Add(p, e),
                ({ } p, null) => p,
                (null, { } e) => e,
                _ => throw new InvalidOperationException($"Node type {blocks[i].Type} has neither features nor an embedding."),
            };
        }

        return tape.ConcatRows(parts);
    }
}
