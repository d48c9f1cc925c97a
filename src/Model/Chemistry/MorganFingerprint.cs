namespace PerturbKG.Model.Chemistry;

/// <summary>
/// Extended-connectivity fingerprints (Morgan's algorithm; ECFP4 = radius 2): every atom's environment up to the
/// radius gets an identifier, iteratively hashed from its neighbours' (bond order, identifier) pairs; identifiers
/// are folded into a bit vector. Atom invariants follow Daylight/RDKit: element, heavy degree, hydrogens, charge,
/// isotope, ring membership.
/// </summary>
public static class MorganFingerprint
{
    public static float[] Compute(Molecule molecule, int radius = 2, int bits = 2048)
    {
        var fingerprint = new float[bits];
        var n = molecule.Atoms.Count;
        var ids = new uint[n];
        for (var i = 0; i < n; i++)
        {
            var atom = molecule.Atoms[i];
            ids[i] = StableHash.Of([atom.AtomicNumber, molecule.BondsOf[i].Count, atom.Hydrogens, atom.Charge, atom.Isotope, molecule.InRing(i) ? 1 : 0]);
            fingerprint[ids[i] % (uint)bits] = 1f;
        }

        var next = new uint[n];
        var buffer = new List<int>();
        for (var round = 1; round <= radius; round++)
        {
            for (var i = 0; i < n; i++)
            {
                var neighbours = molecule.BondsOf[i]
                    .Select(b => ((long)molecule.Bonds[b].Order << 32) | ids[molecule.Other(b, i)])
                    .Order()
                    .ToList();
                buffer.Clear();
                buffer.Add(round);
                buffer.Add((int)ids[i]);
                foreach (var pair in neighbours)
                {
                    buffer.Add((int)(pair >> 32));
                    buffer.Add((int)(uint)pair);
                }

                next[i] = StableHash.Of(buffer.ToArray());
                fingerprint[next[i] % (uint)bits] = 1f;
            }

            (ids, next) = (next, ids);
        }

        return fingerprint;
    }

    /// <summary>ECFP4 of a SMILES (largest fragment), 2048 bits as 0/1 floats.</summary>
    public static float[] Ecfp4(string smiles) => Compute(Fragments.Largest(SmilesParser.Parse(smiles)));
}
