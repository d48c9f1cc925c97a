namespace PerturbKG.Model.Chemistry;

/// <summary>
/// Gives the aromatic systems a SMILES writes in lower case a Kekulé form: every aromatic atom that still owes a
/// π bond (pyridine's N and every benzene C; not pyrrole's NH, furan's O or a ring C=O carbon) gets exactly one
/// double bond to an aromatic neighbour — a perfect matching, found by depth-first search that tries the most
/// constrained atom first.
/// </summary>
internal static class Kekulizer
{
    private const int StepBudget = 200_000;

    /// <summary>The bonds with aromatic ones made single or double, or null when no Kekulé form exists.</summary>
    public static List<Bond>? Kekulize(List<Atom> atoms, List<Bond> bonds)
    {
        if (!bonds.Exists(b => b.Aromatic))
        {
            return bonds;
        }

        var n = atoms.Count;
        var used = new int[n];
        var options = new List<int>?[n];
        foreach (var bond in bonds)
        {
            var order = bond.Aromatic ? 1 : bond.Order;
            used[bond.A] += order;
            used[bond.B] += order;
        }

        var candidate = new bool[n];
        for (var a = 0; a < n; a++)
        {
            var atom = atoms[a];
            var dv = Elements.DefaultValence(atom.AtomicNumber);
            candidate[a] = atom.Aromatic && dv > 0 && dv + Valence.AdjustedCharge(atom) - used[a] - atom.ExplicitHydrogens >= 1;
        }

        for (var b = 0; b < bonds.Count; b++)
        {
            var bond = bonds[b];
            if (bond.Aromatic && candidate[bond.A] && candidate[bond.B])
            {
                (options[bond.A] ??= []).Add(b);
                (options[bond.B] ??= []).Add(b);
            }
        }

        var mate = new int[n];
        Array.Fill(mate, -1);
        var steps = 0;
        if (!Match(bonds, candidate, options, mate, ref steps))
        {
            return null;
        }

        var result = new List<Bond>(bonds.Count);
        foreach (var bond in bonds)
        {
            if (!bond.Aromatic)
            {
                result.Add(bond);
                continue;
            }

            var isDouble = mate[bond.A] == bond.B && mate[bond.B] == bond.A;
            result.Add(bond with { Order = isDouble ? 2 : 1, Aromatic = false });
        }

        return result;
    }

    private static bool Match(List<Bond> bonds, bool[] candidate, List<int>?[] options, int[] mate, ref int steps)
    {
        if (++steps > StepBudget)
        {
            return false;
        }

        // The unmatched candidate with the fewest free partners decides first; none left means done.
        var pick = -1;
        var fewest = int.MaxValue;
        for (var a = 0; a < candidate.Length; a++)
        {
            if (!candidate[a] || mate[a] >= 0)
            {
                continue;
            }

            var free = 0;
            foreach (var b in options[a] ?? [])
            {
                if (mate[Other(bonds[b], a)] < 0)
                {
                    free++;
                }
            }

            if (free < fewest)
            {
                (pick, fewest) = (a, free);
                if (free <= 1)
                {
                    break;
                }
            }
        }

        if (pick < 0)
        {
            return true;
        }

        foreach (var b in options[pick] ?? [])
        {
            var other = Other(bonds[b], pick);
            if (mate[other] >= 0)
            {
                continue;
            }

            (mate[pick], mate[other]) = (other, pick);
            if (Match(bonds, candidate, options, mate, ref steps))
            {
                return true;
            }

            (mate[pick], mate[other]) = (-1, -1);
        }

        return false;
    }

    private static int Other(Bond bond, int atom) => bond.A == atom ? bond.B : bond.A;
}
