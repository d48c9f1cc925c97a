namespace PerturbKG.Model.Chemistry;

/// <summary>
/// Bemis–Murcko scaffolds as RDKit's <c>MurckoScaffoldSmiles</c> defines them: ring atoms and the linker atoms on
/// paths between rings are kept, and so is any other atom joined to one of those by a double bond (the =O of a
/// lactone or a ring ketone); the rest goes. A kept aromatic heteroatom that lost a neighbour gets an explicit
/// hydrogen ([nH]); a bracket atom that lost one has its hydrogens recomputed. Acyclic molecules give the empty
/// scaffold. The scaffold's canonical SMILES is both what people see and the key that groups molecules.
/// </summary>
public static class MurckoScaffold
{
    /// <summary>The scaffold of a SMILES: of its largest fragment (salts stripped), or of the whole molecule as RDKit does.</summary>
    public static Scaffold Of(string smiles, bool largestFragment = true)
    {
        var molecule = SmilesParser.Parse(smiles);
        return Of(largestFragment ? Fragments.Largest(molecule) : molecule);
    }

    public static Scaffold Of(Molecule molecule)
    {
        var scaffold = Decompose(molecule);
        return new Scaffold(scaffold.Atoms.Count == 0 ? string.Empty : SmilesWriter.Canonical(scaffold));
    }

    /// <summary>The scaffold as a molecule (no atoms for an acyclic molecule).</summary>
    public static Molecule Decompose(Molecule m)
    {
        var n = m.Atoms.Count;
        var keep = RingsAndLinkers(m);
        var atoms = m.Atoms.ToList();
        var removed = new bool[n];
        for (var i = 0; i < n; i++)
        {
            if (keep[i])
            {
                continue;
            }

            var remove = true;
            foreach (var b in m.BondsOf[i])
            {
                var neighbour = m.Other(b, i);
                if (!keep[neighbour])
                {
                    continue;
                }

                var nbr = atoms[neighbour];
                if (m.Bonds[b] is { Aromatic: false, Order: 2 })
                {
                    remove = false;
                    break;
                }

                if (nbr.Aromatic && (nbr.AtomicNumber != 6 || nbr.Charge == 1))
                {
                    atoms[neighbour] = nbr with { ExplicitHydrogens = 1 };
                }
                else if (nbr.NoImplicit)
                {
                    atoms[neighbour] = nbr with { NoImplicit = false, ExplicitHydrogens = 0 };
                }
            }

            removed[i] = remove;
        }

        var map = new int[n];
        var keptAtoms = new List<Atom>();
        for (var i = 0; i < n; i++)
        {
            map[i] = removed[i] ? -1 : keptAtoms.Count;
            if (!removed[i])
            {
                keptAtoms.Add(atoms[i]);
            }
        }

        var bonds = m.Bonds.Where(b => map[b.A] >= 0 && map[b.B] >= 0).Select(b => b with { A = map[b.A], B = map[b.B] }).ToList();
        return Molecule.WithImplicitHydrogens(keptAtoms, bonds, m.Kekulized);
    }

    // Ring atoms, plus atoms left after pruning acyclic ends again and again (the linkers between rings).
    private static bool[] RingsAndLinkers(Molecule m)
    {
        var n = m.Atoms.Count;
        var alive = new bool[n];
        Array.Fill(alive, true);
        var degree = new int[n];
        var queue = new Queue<int>();
        for (var a = 0; a < n; a++)
        {
            degree[a] = m.BondsOf[a].Count;
            if (degree[a] <= 1)
            {
                queue.Enqueue(a);
            }
        }

        while (queue.Count > 0)
        {
            var atom = queue.Dequeue();
            if (!alive[atom] || degree[atom] > 1)
            {
                continue;
            }

            alive[atom] = false;
            foreach (var b in m.BondsOf[atom])
            {
                var other = m.Other(b, atom);
                if (alive[other] && --degree[other] <= 1)
                {
                    queue.Enqueue(other);
                }
            }
        }

        return alive;
    }
}

/// <summary>A scaffold's canonical SMILES; it groups molecules (empty for acyclic ones).</summary>
public sealed record Scaffold(string Smiles)
{
    /// <summary>The grouping key: the canonical SMILES.</summary>
    public string Key => Smiles;

    public bool IsEmpty => Smiles.Length == 0;
}
