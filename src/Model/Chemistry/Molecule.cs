namespace PerturbKG.Model.Chemistry;

/// <summary>A molecular graph: atoms, bonds, and each atom's neighbours (bond indices).</summary>
public sealed class Molecule
{
    public Molecule(IReadOnlyList<Atom> atoms, IReadOnlyList<Bond> bonds)
    {
        Atoms = atoms;
        Bonds = bonds;
        var neighbours = atoms.Select(_ => new List<int>()).ToArray();
        for (var b = 0; b < bonds.Count; b++)
        {
            neighbours[bonds[b].A].Add(b);
            neighbours[bonds[b].B].Add(b);
        }

        BondsOf = neighbours;
        RingBond = RingBonds();
    }

    public IReadOnlyList<Atom> Atoms { get; }

    public IReadOnlyList<Bond> Bonds { get; }

    /// <summary>For each atom, the indices of its bonds.</summary>
    public IReadOnlyList<List<int>> BondsOf { get; }

    /// <summary>For each bond, whether it lies on a ring (is not a bridge of the graph).</summary>
    public bool[] RingBond { get; }

    public bool InRing(int atom) => BondsOf[atom].Any(b => RingBond[b]);

    public int Other(int bond, int atom) => Bonds[bond].A == atom ? Bonds[bond].B : Bonds[bond].A;

    /// <summary>Heavy-atom neighbours plus hydrogens.</summary>
    public int TotalDegree(int atom) => BondsOf[atom].Count + Atoms[atom].Hydrogens;

    // Bridges found by DFS low-links; every other bond is on a cycle.
    private bool[] RingBonds()
    {
        var n = Atoms.Count;
        var order = new int[n];
        var low = new int[n];
        Array.Fill(order, -1);
        var ring = Enumerable.Repeat(true, Bonds.Count).ToArray();
        var counter = 0;
        for (var root = 0; root < n; root++)
        {
            if (order[root] >= 0)
            {
                continue;
            }

            // Iterative DFS: (atom, bond it was entered by, next bond position).
            var stack = new Stack<(int Atom, int Via, int Next)>();
            stack.Push((root, -1, 0));
            order[root] = low[root] = counter++;
            while (stack.Count > 0)
            {
                var (atom, via, next) = stack.Pop();
                if (next < BondsOf[atom].Count)
                {
                    stack.Push((atom, via, next + 1));
                    var bond = BondsOf[atom][next];
                    if (bond == via)
                    {
                        continue;
                    }

                    var other = Other(bond, atom);
                    if (order[other] < 0)
                    {
                        order[other] = low[other] = counter++;
                        stack.Push((other, bond, 0));
                    }
                    else
                    {
                        low[atom] = Math.Min(low[atom], order[other]);
                    }
                }
                else if (via >= 0)
                {
                    var parent = Other(via, atom);
                    low[parent] = Math.Min(low[parent], low[atom]);
                    if (low[atom] > order[parent])
                    {
                        ring[via] = false;
                    }
                }
            }
        }

        return ring;
    }
}

/// <summary>An atom: element, aromaticity, charge, isotope, and its hydrogen count (explicit or implied).</summary>
public sealed record Atom(string Element, int AtomicNumber, bool Aromatic, int Charge, int Isotope, int Hydrogens);

/// <summary>A bond between atoms A and B; order 1, 2, 3, or 4 for aromatic.</summary>
public readonly record struct Bond(int A, int B, int Order)
{
    public const int Aromatic = 4;
}
