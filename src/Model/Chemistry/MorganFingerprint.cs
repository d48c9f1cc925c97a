namespace PerturbKG.Model.Chemistry;

/// <summary>
/// Morgan (extended-connectivity) fingerprints as RDKit computes them (Rogers and Hahn 2010; RDKit's
/// <c>GetMorganFingerprintAsBitVect</c> and <c>GetHashedMorganFingerprint</c> with default options): each atom starts
/// from a hash of its connectivity invariants (atomic number, total degree, hydrogens, charge, mass difference from
/// the element's weight, ring membership); each round hashes the round number, the atom's identifier and its
/// neighbours' sorted (bond type, identifier) pairs; an environment (set of bonds) already seen in an earlier round
/// or by an atom sorted before it in this round is dropped, and its atom takes no further part; identifiers fold
/// into the vector modulo its length. Chirality is not used. ECFP4 is radius 2.
/// </summary>
public static class MorganFingerprint
{
    /// <summary>The bit vector as 0/1 floats (a model input).</summary>
    public static float[] Compute(Molecule molecule, int radius = 2, int bits = 2048)
    {
        var vector = new float[bits];
        foreach (var id in Identifiers(molecule, radius))
        {
            vector[id % (uint)bits] = 1f;
        }

        return vector;
    }

    /// <summary>The indices of the bits that are on, ascending.</summary>
    public static int[] OnBits(Molecule molecule, int radius = 2, int bits = 2048) =>
        Identifiers(molecule, radius).Select(id => (int)(id % (uint)bits)).Distinct().Order().ToArray();

    /// <summary>How many environments fold onto each bit (RDKit's hashed count fingerprint).</summary>
    public static int[] Counts(Molecule molecule, int radius = 2, int bits = 2048)
    {
        var counts = new int[bits];
        foreach (var id in Identifiers(molecule, radius))
        {
            counts[id % (uint)bits]++;
        }

        return counts;
    }

    /// <summary>ECFP4 of a SMILES (largest fragment), 2048 bits as 0/1 floats.</summary>
    public static float[] Ecfp4(string smiles) => Compute(Fragments.Largest(SmilesParser.Parse(smiles)));

    /// <summary>Every environment identifier the fingerprint sets, in the order RDKit adds them.</summary>
    public static List<uint> Identifiers(Molecule m, int radius)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        var n = m.Atoms.Count;
        var words = Math.Max(1, (m.Bonds.Count + 63) / 64);
        var result = new List<uint>(n * (radius + 1));
        var invariants = new uint[n];
        for (var i = 0; i < n; i++)
        {
            invariants[i] = AtomInvariant(m, i);
            result.Add(invariants[i]);
        }

        var neighbourhoods = new ulong[n][];
        for (var i = 0; i < n; i++)
        {
            neighbourhoods[i] = new ulong[words];
        }

        var seen = new HashSet<Environment>();
        var dead = new bool[n];
        var pairs = new List<(int Bond, uint Invariant)>(8);
        for (var layer = 0; layer < radius; layer++)
        {
            var next = new uint[n];
            var nextHoods = new ulong[n][];
            var thisRound = new List<(Environment Hood, uint Invariant, int Atom)>(n);
            for (var i = 0; i < n; i++)
            {
                nextHoods[i] = neighbourhoods[i];
                if (dead[i])
                {
                    continue;
                }

                if (m.BondsOf[i].Count == 0)
                {
                    dead[i] = true;
                    continue;
                }

                var hood = (ulong[])neighbourhoods[i].Clone();
                pairs.Clear();
                foreach (var b in m.BondsOf[i])
                {
                    hood[b / 64] |= 1UL << (b % 64);
                    var other = m.Other(b, i);
                    var otherHood = neighbourhoods[other];
                    for (var w = 0; w < words; w++)
                    {
                        hood[w] |= otherHood[w];
                    }

                    pairs.Add((m.Bonds[b].TypeCode, invariants[other]));
                }

                pairs.Sort();
                var invariant = (uint)layer;
                Combine(ref invariant, invariants[i]);
                foreach (var (bondType, neighbour) in pairs)
                {
                    uint pair = 0;
                    Combine(ref pair, (uint)bondType);
                    Combine(ref pair, neighbour);
                    Combine(ref invariant, pair);
                }

                next[i] = invariant;
                nextHoods[i] = hood;
                var environment = new Environment(hood);
                thisRound.Add((environment, invariant, i));
                if (seen.Contains(environment))
                {
                    dead[i] = true;
                }
            }

            // Of atoms with the same environment this round, the one with the smallest identifier (then index) counts.
            thisRound.Sort((x, y) =>
            {
                var c = x.Hood.CompareTo(y.Hood);
                return c != 0 ? c : x.Invariant != y.Invariant ? x.Invariant.CompareTo(y.Invariant) : x.Atom.CompareTo(y.Atom);
            });
            foreach (var (hood, invariant, atom) in thisRound)
            {
                if (seen.Add(hood))
                {
                    result.Add(invariant);
                }
                else
                {
                    dead[atom] = true;
                }
            }

            invariants = next;
            neighbourhoods = nextHoods;
        }

        return result;
    }

    // RDKit's connectivity invariants, hashed as a vector of unsigned ints with boost's hash_combine.
    private static uint AtomInvariant(Molecule m, int i)
    {
        var atom = m.Atoms[i];
        var deltaMass = atom.Isotope == 0 ? 0 : (int)(atom.Isotope - Elements.Weight(atom.AtomicNumber));
        uint seed = 0;
        Combine(ref seed, (uint)atom.AtomicNumber);
        Combine(ref seed, (uint)(m.Degree(i) + atom.Hydrogens));
        Combine(ref seed, (uint)m.HydrogensWithNeighbours(i));
        Combine(ref seed, unchecked((uint)atom.Charge));
        Combine(ref seed, unchecked((uint)deltaMass));
        if (m.InRing(i))
        {
            Combine(ref seed, 1u);
        }

        return seed;
    }

    private static void Combine(ref uint seed, uint value) =>
        seed ^= unchecked(value + 0x9e3779b9u + (seed << 6) + (seed >> 2));

    // A set of bonds, compared by content.
    private readonly struct Environment(ulong[] bits) : IEquatable<Environment>, IComparable<Environment>
    {
        private readonly ulong[] _bits = bits;

        public bool Equals(Environment other) => _bits.AsSpan().SequenceEqual(other._bits);

        public override bool Equals(object? obj) => obj is Environment e && Equals(e);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var w in _bits)
            {
                hash.Add(w);
            }

            return hash.ToHashCode();
        }

        public int CompareTo(Environment other) => _bits.AsSpan().SequenceCompareTo(other._bits);
    }
}
