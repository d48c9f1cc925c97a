using System.Globalization;
using System.Text;

namespace PerturbKG.Model.Chemistry;

/// <summary>
/// Bemis–Murcko scaffolds: the ring systems and the linkers between them, with every side chain stripped
/// (terminal atoms removed until none is left). Two scaffolds are the same when their graphs — element, aromaticity,
/// bond order — get the same Weisfeiler–Lehman hash; acyclic molecules share the empty scaffold.
/// </summary>
public static class MurckoScaffold
{
    /// <summary>The scaffold of a SMILES's largest fragment: a key for grouping and a SMILES to show.</summary>
    public static Scaffold Of(string smiles)
    {
        var molecule = Fragments.Largest(SmilesParser.Parse(smiles));
        var kept = Enumerable.Repeat(true, molecule.Atoms.Count).ToArray();
        var degree = molecule.BondsOf.Select(b => b.Count).ToArray();
        var queue = new Queue<int>(Enumerable.Range(0, kept.Length).Where(a => degree[a] <= 1));
        while (queue.Count > 0)
        {
            var atom = queue.Dequeue();
            if (!kept[atom] || degree[atom] > 1)
            {
                continue;
            }

            kept[atom] = false;
            foreach (var bond in molecule.BondsOf[atom])
            {
                var other = molecule.Other(bond, atom);
                if (kept[other] && --degree[other] <= 1)
                {
                    queue.Enqueue(other);
                }
            }
        }

        var scaffold = Fragments.Subgraph(molecule, a => kept[a]);
        return scaffold.Atoms.Count == 0 ? new Scaffold(string.Empty, string.Empty) : new Scaffold(Key(scaffold), Write(scaffold));
    }

    // Weisfeiler–Lehman refinement until the partition stops growing, then a hash of the sorted final labels.
    private static string Key(Molecule m)
    {
        var labels = m.Atoms.Select(a => StableHash.Of([a.AtomicNumber, a.Aromatic ? 1 : 0, a.Charge])).ToArray();
        var classes = labels.Distinct().Count();
        for (var round = 0; round < m.Atoms.Count; round++)
        {
            var next = new uint[labels.Length];
            for (var i = 0; i < labels.Length; i++)
            {
                var context = m.BondsOf[i].Select(b => ((long)m.Bonds[b].Order << 32) | labels[m.Other(b, i)]).Order().ToList();
                var values = new List<int> { (int)labels[i] };
                foreach (var c in context)
                {
                    values.Add((int)(c >> 32));
                    values.Add((int)(uint)c);
                }

                next[i] = StableHash.Of(values.ToArray());
            }

            labels = next;
            var refined = labels.Distinct().Count();
            if (refined == classes)
            {
                break;
            }

            classes = refined;
        }

        var sorted = labels.Order().Select(l => (int)l).ToArray();
        return $"{m.Atoms.Count}-{m.Bonds.Count}-{StableHash.Of(sorted):x8}";
    }

    // A (non-canonical) SMILES of the scaffold for display: depth-first from the first atom. Bonds outside the DFS
    // tree are ring closures, numbered where first met and repeated where closed.
    private static string Write(Molecule m)
    {
        var tree = new bool[m.Bonds.Count];
        var seen = new bool[m.Atoms.Count];
        var stack = new Stack<int>([0]);
        seen[0] = true;
        var order = new List<int>();
        while (stack.Count > 0)
        {
            var atom = stack.Pop();
            order.Add(atom);
            foreach (var b in m.BondsOf[atom].AsEnumerable().Reverse())
            {
                var other = m.Other(b, atom);
                if (!seen[other])
                {
                    seen[other] = true;
                    tree[b] = true;
                    stack.Push(other);
                }
            }
        }

        var text = new StringBuilder();
        var labels = new Dictionary<int, int>();
        var visited = new bool[m.Atoms.Count];
        void Emit(int atom)
        {
            visited[atom] = true;
            var a = m.Atoms[atom];
            text.Append(a.Aromatic ? a.Element.ToLowerInvariant() : a.Element);
            foreach (var b in m.BondsOf[atom].Where(b => !tree[b]))
            {
                if (!labels.TryGetValue(b, out var label))
                {
                    labels[b] = label = labels.Count + 1;
                    text.Append(BondSymbol(m.Bonds[b].Order));
                }

                text.Append(label < 10 ? label.ToString(CultureInfo.InvariantCulture) : $"%{label}");
            }

            var children = m.BondsOf[atom].Where(b => tree[b] && !visited[m.Other(b, atom)]).ToList();
            for (var c = 0; c < children.Count; c++)
            {
                var branch = c < children.Count - 1;
                text.Append(branch ? "(" : string.Empty).Append(BondSymbol(m.Bonds[children[c]].Order));
                Emit(m.Other(children[c], atom));
                text.Append(branch ? ")" : string.Empty);
            }
        }

        Emit(0);
        return text.ToString();
    }

    private static string BondSymbol(int order) => order switch { 2 => "=", 3 => "#", _ => string.Empty };
}

/// <summary>A scaffold: the key that groups molecules, and a SMILES of it for people.</summary>
public sealed record Scaffold(string Key, string Smiles)
{
    public bool IsEmpty => Key.Length == 0;
}
