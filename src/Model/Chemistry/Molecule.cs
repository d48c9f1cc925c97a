namespace PerturbKG.Model.Chemistry;

/// <summary>
/// A molecular graph after sanitising: atoms with their hydrogen counts, bonds in a Kekulé form with aromaticity
/// perceived as RDKit perceives it, each atom's bonds, which bonds lie on rings, and the smallest set of smallest rings.
/// </summary>
public sealed class Molecule
{
    private IReadOnlyList<Ring>? _rings;
    private int[]? _ringCounts;

    internal Molecule(IReadOnlyList<Atom> atoms, IReadOnlyList<Bond> bonds, bool kekulized = true)
    {
        Atoms = atoms;
        Bonds = bonds;
        Kekulized = kekulized;
        var neighbours = new List<int>[atoms.Count];
        for (var a = 0; a < neighbours.Length; a++)
        {
            neighbours[a] = new List<int>(4);
        }

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

    /// <summary>For each atom, the indices of its bonds, in the order the bonds were made.</summary>
    public IReadOnlyList<List<int>> BondsOf { get; }

    /// <summary>For each bond, whether it lies on a ring (is not a bridge of the graph).</summary>
    public bool[] RingBond { get; }

    /// <summary>
    /// False when an aromatic system written in the SMILES has no Kekulé form (RDKit rejects such input; this
    /// reader keeps it, with its aromatic bonds of unknown order and the aromaticity as written).
    /// </summary>
    public bool Kekulized { get; }

    /// <summary>The smallest set of smallest rings.</summary>
    public IReadOnlyList<Ring> Rings => _rings ??= RingFinder.Smallest(this);

    public bool InRing(int atom)
    {
        foreach (var b in BondsOf[atom])
        {
            if (RingBond[b])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many of the smallest rings hold an atom.</summary>
    public int RingCount(int atom)
    {
        if (_ringCounts is null)
        {
            var counts = new int[Atoms.Count];
            foreach (var ring in Rings)
            {
                foreach (var a in ring.Atoms)
                {
                    counts[a]++;
                }
            }

            _ringCounts = counts;
        }

        return _ringCounts[atom];
    }

    public int Other(int bond, int atom) => Bonds[bond].A == atom ? Bonds[bond].B : Bonds[bond].A;

    /// <summary>Heavy-atom (graph) neighbours.</summary>
    public int Degree(int atom) => BondsOf[atom].Count;

    /// <summary>Graph neighbours plus hydrogens.</summary>
    public int TotalDegree(int atom) => BondsOf[atom].Count + Atoms[atom].Hydrogens;

    /// <summary>Hydrogens on an atom, counting hydrogen atoms kept in the graph (isotopes) as RDKit's fingerprints do.</summary>
    public int HydrogensWithNeighbours(int atom)
    {
        var count = Atoms[atom].Hydrogens;
        foreach (var b in BondsOf[atom])
        {
            if (Atoms[Other(b, atom)].AtomicNumber == 1)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The bond between two atoms, or -1.</summary>
    public int BondBetween(int a, int b)
    {
        foreach (var bond in BondsOf[a])
        {
            if (Other(bond, a) == b)
            {
                return bond;
            }
        }

        return -1;
    }

    /// <summary>
    /// The valence an atom's bonds and explicit hydrogens use (RDKit's explicit valence): bond orders, with an
    /// aromatic bond counted 1.5 and the sum rounded the way RDKit rounds it.
    /// </summary>
    public int ExplicitValence(int atom)
    {
        var a = Atoms[atom];
        double sum = a.ExplicitHydrogens;
        foreach (var b in BondsOf[atom])
        {
            sum += Bonds[b].Aromatic ? 1.5 : Bonds[b].Order;
        }

        var dv = Elements.DefaultValence(a.AtomicNumber);
        var charge = Valence.AdjustedCharge(a);
        if (a.Aromatic && sum > dv + charge)
        {
            var best = dv + charge;
            foreach (var v in Elements.Valences(a.AtomicNumber))
            {
                if (v == -1 || v + charge > sum)
                {
                    break;
                }

                best = v + charge;
            }

            if (sum - best <= 1.5)
            {
                sum = best;
            }
        }

        return (int)Math.Round(sum + 0.1);
    }

    /// <summary>A copy whose atoms without a fixed hydrogen count get their implicit hydrogens recomputed.</summary>
    internal static Molecule WithImplicitHydrogens(List<Atom> atoms, IReadOnlyList<Bond> bonds, bool kekulized = true)
    {
        var draft = new Molecule(atoms, bonds, kekulized);
        for (var i = 0; i < atoms.Count; i++)
        {
            atoms[i] = atoms[i] with { ImplicitHydrogens = atoms[i].NoImplicit ? 0 : Valence.ImplicitHydrogens(draft, i) };
        }

        return new Molecule(atoms, bonds, kekulized);
    }

    // Bridges found by DFS low-links; every other bond is on a cycle.
    private bool[] RingBonds()
    {
        var n = Atoms.Count;
        var order = new int[n];
        var low = new int[n];
        Array.Fill(order, -1);
        var ring = new bool[Bonds.Count];
        Array.Fill(ring, true);
        var counter = 0;
        var stack = new Stack<(int Atom, int Via, int Next)>();
        for (var root = 0; root < n; root++)
        {
            if (order[root] >= 0)
            {
                continue;
            }

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

/// <summary>
/// An atom: element, charge, isotope (0 = natural), aromaticity, and hydrogens — those written in brackets (explicit)
/// and those implied by valence. <see cref="NoImplicit"/> marks bracket atoms, whose hydrogen count is fixed.
/// </summary>
public sealed record Atom(int AtomicNumber, int Charge, int Isotope, bool Aromatic, int ExplicitHydrogens, bool NoImplicit)
{
    public int ImplicitHydrogens { get; init; }

    public int Hydrogens => ExplicitHydrogens + ImplicitHydrogens;

    public string Element => Elements.Symbol(AtomicNumber);
}

/// <summary>
/// A bond between atoms A and B: its order in the Kekulé form (1, 2 or 3; 0 for an aromatic bond whose molecule
/// has no Kekulé form) and whether it is aromatic.
/// </summary>
public readonly record struct Bond(int A, int B, int Order, bool Aromatic = false)
{
    /// <summary>RDKit's bond-type number: 1, 2, 3, or 12 for aromatic (fingerprints hash it).</summary>
    public int TypeCode => Aromatic ? 12 : Order;
}

/// <summary>A ring: its atoms in ring order and its bonds.</summary>
public sealed record Ring(int[] Atoms, int[] Bonds);
