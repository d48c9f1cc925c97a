using System.Globalization;
using PerturbKG.Store.Signatures;

namespace PerturbKG.Ingest.Lincs;

/// <summary>
/// The 978 L1000 landmark genes in a fixed order, with every name a file may use for one: Entrez id, symbols
/// (old and current), and Affymetrix probe ids.
/// </summary>
public sealed class LandmarkGeneSet
{
    /// <summary>The number of landmark genes measured by the L1000 assay.</summary>
    public const int L1000Size = 978;

    private readonly List<(string Entrez, string Symbol)> _genes;
    private readonly Dictionary<string, int> _byEntrez = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _bySymbol = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _byProbe = new(StringComparer.OrdinalIgnoreCase);

    public LandmarkGeneSet(IEnumerable<(string Entrez, string Symbol)> genes)
    {
        _genes = genes.ToList();
        for (var i = 0; i < _genes.Count; i++)
        {
            if (!_byEntrez.TryAdd(_genes[i].Entrez, i))
            {
                throw new ArgumentException($"Entrez id {_genes[i].Entrez} is listed twice among the landmark genes.");
            }

            _bySymbol.TryAdd(_genes[i].Symbol, i);
        }
    }

    public int Count => _genes.Count;

    public IReadOnlyList<(string Entrez, string Symbol)> Genes => _genes;

    public static LandmarkGeneSet FromStore(IReadOnlyList<LandmarkGene> genes) =>
        new(genes.OrderBy(g => g.Position).Select(g => (g.EntrezId, g.Symbol)));

    /// <summary>Adds another name for a gene (ignored when the gene is not a landmark).</summary>
    public void AddSymbol(string entrez, string symbol)
    {
        if (symbol.Length > 0 && _byEntrez.TryGetValue(entrez, out var position))
        {
            _bySymbol.TryAdd(symbol, position);
        }
    }

    public void AddProbe(string entrez, string probe)
    {
        if (probe.Length > 0 && _byEntrez.TryGetValue(entrez, out var position))
        {
            _byProbe.TryAdd(probe, position);
        }
    }

    public bool TryFindEntrez(string entrez, out int position) => _byEntrez.TryGetValue(entrez.Trim(), out position);

    public bool TryFindSymbol(string symbol, out int position) => _bySymbol.TryGetValue(symbol.Trim(), out position);

    public bool TryFindProbe(string probe, out int position) => _byProbe.TryGetValue(probe.Trim(), out position);

    /// <summary>Resolves a column header or row id: an Entrez id, a probe id, or a symbol.</summary>
    public bool TryResolve(string name, out int position)
    {
        var trimmed = name.Trim();
        if (trimmed.Length > 0 && long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return _byEntrez.TryGetValue(trimmed, out position);
        }

        return _byProbe.TryGetValue(trimmed, out position) || _bySymbol.TryGetValue(trimmed, out position);
    }

    /// <summary>True when both sets list the same genes in the same order.</summary>
    public bool SameGenesAs(LandmarkGeneSet other) =>
        Count == other.Count && _genes.Select(g => g.Entrez).SequenceEqual(other._genes.Select(g => g.Entrez));

    /// <summary>Copies the other set's symbols and probes onto this one (same genes, more names).</summary>
    public void AddNamesFrom(LandmarkGeneSet other)
    {
        foreach (var (symbol, position) in other._bySymbol)
        {
            AddSymbol(other._genes[position].Entrez, symbol);
        }

        foreach (var (probe, position) in other._byProbe)
        {
            AddProbe(other._genes[position].Entrez, probe);
        }
    }
}
