namespace PerturbKG.Model.Chemistry;

/// <summary>
/// RDKit's default aromaticity model, from its documented rules: each ring atom donates 0, 1 or 2 π electrons
/// (an exocyclic double bond to a more electronegative atom takes its electron, as in 2-pyridone's C=O); a ring,
/// or a set of up to six fused rings (sharing one bond), whose atoms can all take part and whose perimeter holds
/// 4n+2 electrons is aromatic. Works on the Kekulé form; bonds shared by two rings of a fused set count only
/// when one of their rings is aromatic by itself (azulene's middle bond stays non-aromatic).
/// </summary>
internal static class Aromaticity
{
    private const int MaxFusedRings = 6;
    private const int MaxFusedRingSize = 24;

    private enum Donor
    {
        Vacant,
        One,
        Two,
        Any,
        None,
    }

    public static Molecule Perceive(Molecule m)
    {
        var atomAromatic = new bool[m.Atoms.Count];
        var bondAromatic = new bool[m.Bonds.Count];
        var rings = m.Rings;
        if (rings.Count > 0)
        {
            var donors = new Donor[m.Atoms.Count];
            var candidate = new bool[m.Atoms.Count];
            var seen = new bool[m.Atoms.Count];
            var candidateRings = new List<Ring>();
            foreach (var ring in rings)
            {
                var all = true;
                var allDummy = true;
                foreach (var a in ring.Atoms)
                {
                    allDummy &= m.Atoms[a].AtomicNumber == 0;
                    if (!seen[a])
                    {
                        seen[a] = true;
                        donors[a] = DonorType(m, a);
                        candidate[a] = IsCandidate(m, a, donors[a]);
                    }

                    all &= candidate[a];
                }

                if (all && !allDummy)
                {
                    candidateRings.Add(ring);
                }
            }

            var neighbours = RingNeighbours(candidateRings);
            var done = new bool[candidateRings.Count];
            for (var start = 0; start < candidateRings.Count; start++)
            {
                if (done[start])
                {
                    continue;
                }

                var fused = new List<int>();
                PickFused(start, neighbours, fused, done);
                ApplyToFused(m, candidateRings, fused, neighbours, donors, atomAromatic, bondAromatic);
            }
        }

        var atoms = new List<Atom>(m.Atoms.Count);
        for (var a = 0; a < m.Atoms.Count; a++)
        {
            atoms.Add(m.Atoms[a].Aromatic == atomAromatic[a] ? m.Atoms[a] : m.Atoms[a] with { Aromatic = atomAromatic[a] });
        }

        var bonds = new List<Bond>(m.Bonds.Count);
        for (var b = 0; b < m.Bonds.Count; b++)
        {
            bonds.Add(m.Bonds[b] with { Aromatic = bondAromatic[b] });
        }

        return new Molecule(atoms, bonds);
    }

    // Rings are neighbours when both are at most 24 atoms and they share exactly one bond.
    private static List<int>[] RingNeighbours(List<Ring> rings)
    {
        var neighbours = new List<int>[rings.Count];
        for (var i = 0; i < rings.Count; i++)
        {
            neighbours[i] = [];
        }

        for (var i = 0; i < rings.Count; i++)
        {
            if (rings[i].Bonds.Length > MaxFusedRingSize)
            {
                continue;
            }

            for (var j = i + 1; j < rings.Count; j++)
            {
                if (rings[j].Bonds.Length > MaxFusedRingSize)
                {
                    continue;
                }

                var shared = 0;
                foreach (var b in rings[i].Bonds)
                {
                    if (Array.IndexOf(rings[j].Bonds, b) >= 0)
                    {
                        shared++;
                    }
                }

                if (shared == 1)
                {
                    neighbours[i].Add(j);
                    neighbours[j].Add(i);
                }
            }
        }

        return neighbours;
    }

    private static void PickFused(int ring, List<int>[] neighbours, List<int> fused, bool[] done)
    {
        done[ring] = true;
        fused.Add(ring);
        foreach (var next in neighbours[ring])
        {
            if (!done[next])
            {
                PickFused(next, neighbours, fused, done);
            }
        }
    }

    private static void ApplyToFused(
        Molecule m, List<Ring> rings, List<int> fused, List<int>[] neighbours, Donor[] donors, bool[] atomAromatic, bool[] bondAromatic)
    {
        var systemBonds = new HashSet<int>(fused.SelectMany(r => rings[r].Bonds));
        var doneBonds = new HashSet<int>();
        var count = new int[m.Atoms.Count];
        var largest = Math.Min(fused.Count, MaxFusedRings);
        for (var size = 1; size <= largest; size++)
        {
            if (doneBonds.Count >= systemBonds.Count || (size == 3 && fused.Count > 300))
            {
                break;
            }

            foreach (var combination in Combinations(fused.Count, size))
            {
                var chosen = combination.Select(i => fused[i]).ToList();
                if (!Connected(chosen, neighbours))
                {
                    continue;
                }

                Array.Clear(count);
                foreach (var r in chosen)
                {
                    foreach (var a in rings[r].Atoms)
                    {
                        count[a]++;
                    }
                }

                if (!Huckel(count, donors))
                {
                    continue;
                }

                var bondUses = new Dictionary<int, int>();
                foreach (var r in chosen)
                {
                    foreach (var a in rings[r].Atoms)
                    {
                        atomAromatic[a] = true;
                    }

                    foreach (var b in rings[r].Bonds)
                    {
                        bondUses[b] = bondUses.GetValueOrDefault(b) + 1;
                    }
                }

                foreach (var (b, uses) in bondUses)
                {
                    if (uses == 1)
                    {
                        bondAromatic[b] = true;
                        doneBonds.Add(b);
                    }
                }
            }
        }
    }

    // Hückel's rule over the atoms that one or two of the chosen rings hold (the perimeter of a fused set).
    private static bool Huckel(int[] count, Donor[] donors)
    {
        int low = 0, high = 0, any = 0;
        for (var a = 0; a < count.Length; a++)
        {
            if (count[a] is not (1 or 2))
            {
                continue;
            }

            switch (donors[a])
            {
                case Donor.Any:
                    if (++any > 1)
                    {
                        return false;
                    }

                    low += 1;
                    high += 2;
                    break;
                case Donor.One:
                    low += 1;
                    high += 1;
                    break;
                case Donor.Two:
                    low += 2;
                    high += 2;
                    break;
            }
        }

        if (high >= 6)
        {
            for (var e = low; e <= high; e++)
            {
                if ((e - 2) % 4 == 0)
                {
                    return true;
                }
            }

            return false;
        }

        return high == 2;
    }

    private static bool Connected(List<int> chosen, List<int>[] neighbours)
    {
        if (chosen.Count == 1)
        {
            return true;
        }

        var reached = new HashSet<int> { chosen[0] };
        var stack = new Stack<int>([chosen[0]]);
        while (stack.Count > 0)
        {
            foreach (var next in neighbours[stack.Pop()])
            {
                if (chosen.Contains(next) && reached.Add(next))
                {
                    stack.Push(next);
                }
            }
        }

        return reached.Count == chosen.Count;
    }

    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        var c = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return c;
            var i = k - 1;
            while (i >= 0 && c[i] == n - k + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            c[i]++;
            for (var j = i + 1; j < k; j++)
            {
                c[j] = c[j - 1] + 1;
            }
        }
    }

    private static Donor DonorType(Molecule m, int index)
    {
        var atom = m.Atoms[index];
        if (atom.AtomicNumber == 0)
        {
            return MultipleBond(m, index, ring: true, out _) ? Donor.One : Donor.Any;
        }

        var electrons = CountElectrons(m, index);
        if (electrons < 0)
        {
            return Donor.None;
        }

        var exocyclic = MultipleBond(m, index, ring: false, out var partner);
        if (electrons == 0)
        {
            return exocyclic ? Donor.Vacant : MultipleBond(m, index, ring: true, out _) ? Donor.One : Donor.None;
        }

        var steals = exocyclic && Elements.MoreElectronegative(m.Atoms[partner].AtomicNumber, atom.AtomicNumber);
        if (electrons == 1)
        {
            if (exocyclic)
            {
                return steals ? Donor.Vacant : Donor.One;
            }

            if (HasMultipleBond(m, index))
            {
                return Donor.One;
            }

            return atom.Charge == 1 ? Donor.Vacant : Donor.None;
        }

        if (steals)
        {
            electrons--;
        }

        return electrons % 2 == 1 ? Donor.One : Donor.Two;
    }

    // π electrons an atom could give: unused valence plus lone pairs (less any charge), for atoms with at most
    // three neighbours counting hydrogens.
    private static int CountElectrons(Molecule m, int index)
    {
        var atom = m.Atoms[index];
        var dv = Elements.DefaultValence(atom.AtomicNumber);
        if (dv <= 1)
        {
            return -1;
        }

        var degree = m.Degree(index) + atom.Hydrogens;
        if (degree > 3)
        {
            return -1;
        }

        var lonePairElectrons = Math.Max(Elements.OuterElectrons(atom.AtomicNumber) - dv - atom.Charge, 0);
        var electrons = dv - degree + lonePairElectrons;
        if (electrons > 1 && m.ExplicitValence(index) - m.Degree(index) > 1)
        {
            electrons = 1;
        }

        return electrons;
    }

    private static bool IsCandidate(Molecule m, int index, Donor donor)
    {
        var atom = m.Atoms[index];
        if (atom.AtomicNumber > 18 && atom.AtomicNumber is not (34 or 52))
        {
            return false;
        }

        if (donor == Donor.None)
        {
            return false;
        }

        var dv = Elements.DefaultValence(atom.AtomicNumber);
        var shifted = atom.AtomicNumber - atom.Charge;
        if (dv > 0 && shifted is >= 0 and <= 92 && m.ExplicitValence(index) + atom.ImplicitHydrogens > Elements.DefaultValence(shifted))
        {
            return false;
        }

        if (m.ExplicitValence(index) - m.Degree(index) > 1)
        {
            var multiple = 0;
            foreach (var b in m.BondsOf[index])
            {
                if (m.Bonds[b].Order >= 2)
                {
                    multiple++;
                }
            }

            if (multiple > 1)
            {
                return false;
            }
        }

        return true;
    }

    // A double or triple bond on (ring: true) or off (ring: false) a ring, and the atom at its other end.
    private static bool MultipleBond(Molecule m, int index, bool ring, out int partner)
    {
        foreach (var b in m.BondsOf[index])
        {
            if (m.RingBond[b] == ring && m.Bonds[b].Order >= 2)
            {
                partner = m.Other(b, index);
                return true;
            }
        }

        partner = -1;
        return false;
    }

    private static bool HasMultipleBond(Molecule m, int index)
    {
        foreach (var b in m.BondsOf[index])
        {
            if (m.Bonds[b].Order >= 2)
            {
                return true;
            }
        }

        return false;
    }
}
