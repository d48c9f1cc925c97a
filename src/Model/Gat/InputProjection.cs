using System.Text;
using PerturbKG.Model.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PerturbKG.Model.Gat;

/// <summary>
/// Maps every node type's own input into the shared hidden width: a linear map of its features (ECFP4 and drug
/// embeddings for drugs, basal expression for cells, given embeddings for genes, ...), plus a learned embedding per
/// node for embedded types; types with neither get a learned embedding. Types in
/// <see cref="GatOptions.FeaturelessTypes"/> start from one learned vector for the whole type. Parameters are named by
/// type (<c>input.Drug.weight</c>, <c>input.Gene_embedding</c>, <c>input.Drug_type</c>, ...).
/// </summary>
public sealed class InputProjection : nn.Module
{
    private readonly List<(string Type, Tensor? Features, Linear? Projection, Parameter? Embedding, int Shared)> _types = [];

    public InputProjection(string name, GraphData data, GatOptions options, Device device) : base(name)
    {
        foreach (var block in data.Blocks)
        {
            var key = Key(block.Type);
            Linear? projection = null;
            Parameter? embedding = null;
            if (options.FeaturelessTypes.Contains(block.Type))
            {
                // One learned vector for the whole type: its nodes differ only by what the graph tells them.
                var shared = nn.Parameter(normal(0, options.EmbeddingScale, [1, options.Hidden]));
                register_parameter(key + "_type", shared);
                _types.Add((block.Type, null, null, shared, block.Count));
                continue;
            }

            if (block.Features is { } features)
            {
                projection = nn.Linear(features.Cols, options.Hidden);
                nn.init.xavier_uniform_(projection.weight);
                nn.init.zeros_(projection.bias);
                register_module(key, projection);
            }

            if (block.Features is null || options.EmbeddedTypes.Contains(block.Type))
            {
                embedding = nn.Parameter(normal(0, options.EmbeddingScale, [block.Count, options.Hidden]));
                register_parameter(key + "_embedding", embedding);
            }

            _types.Add((block.Type, block.Features?.ToTensor(device), projection, embedding, 0));
        }
    }

    /// <summary>Initial node states (nodes × hidden), block by block.</summary>
    public Tensor Forward()
    {
        var parts = _types.Select(t => (t.Projection?.forward(t.Features!), t.Embedding) switch
        {
            ({ } p, { } e) => p + e,
            ({ } p, null) => p,
            (null, { } e) when t.Shared > 0 => e.expand(t.Shared, -1),
            (null, { } e) => (Tensor)e,
            _ => throw new InvalidOperationException($"Node type {t.Type} has neither features nor an embedding."),
        }).ToList();
        return cat(parts, 0);
    }

    // A parameter name may not contain '.', which separates module names in a state_dict.
    private static string Key(string type)
    {
        var key = new StringBuilder(type.Length);
        foreach (var c in type)
        {
            key.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        return key.ToString();
    }
}
