namespace PerturbKG.Model.Chemistry;

/// <summary>
/// Turns the graph a SMILES spells into the molecule RDKit's sanitising gives: plain hydrogen atoms folded into their
/// neighbour's count, aromatic systems given a Kekulé form, implicit hydrogens filled in, and aromaticity perceived
/// again from the Kekulé form (so <c>C1=CC=CC=C1</c> and <c>c1ccccc1</c> are the same molecule).
/// </summary>
internal static class Sanitizer
{
    public static Molecule Sanitize(List<Atom> atoms, List<Bond> bonds)
    {
        (atoms, bonds) = FoldHydrogens(atoms, bonds);

        // An aromatic bond off every ring (between two rings, as in c1ccccc1c1ccccc1) is a single bond.
        var draft = new Molecule(atoms, bonds);
        for (var b = 0; b < bonds.Count; b++)
        {
            if (bonds[b].Aromatic && !draft.RingBond[b])
            {
                bonds[b] = bonds[b] with { Order = 1, Aromatic = false };
            }
        }

        for (var a = 0; a < atoms.Count; a++)
        {
            if (atoms[a].Aromatic && !draft.InRing(a))
            {
                atoms[a] = atoms[a] with { Aromatic = false };
            }
        }

        var kekule = Kekulizer.Kekulize(atoms, bonds);
        if (kekule is null)
        {
            return Molecule.WithImplicitHydrogens(atoms, bonds, kekulized: false);
        }

        var withHydrogens = Molecule.WithImplicitHydrogens(atoms, kekule);
        return KeepHydrogens(Aromaticity.Perceive(withHydrogens));
    }

    // An atom that became aromatic may no longer imply the hydrogens it had (2-pyridone's NH: two aromatic bonds
    // already make nitrogen's valence of 3); those become explicit, so the SMILES writes [nH].
    private static Molecule KeepHydrogens(Molecule m)
    {
        List<Atom>? atoms = null;
        for (var i = 0; i < m.Atoms.Count; i++)
        {
            var atom = m.Atoms[i];
            if (atom.NoImplicit || atom.ImplicitHydrogens == 0)
            {
                continue;
            }

            var now = Valence.ImplicitHydrogens(m, i);
            if (now < atom.ImplicitHydrogens)
            {
                atoms ??= [.. m.Atoms];
                atoms[i] = atom with { ExplicitHydrogens = atom.ExplicitHydrogens + atom.ImplicitHydrogens - now, ImplicitHydrogens = now };
            }
        }

        return atoms is null ? m : new Molecule(atoms, m.Bonds);
    }

    // [H] atoms with one single bond to a heavy atom become a hydrogen count on that atom (isotopes and charged
    // hydrogens stay atoms), as RDKit's reader does.
    private static (List<Atom>, List<Bond>) FoldHydrogens(List<Atom> atoms, List<Bond> bonds)
    {
        if (!atoms.Exists(a => a.AtomicNumber == 1))
        {
            return (atoms, bonds);
        }

        var degree = new int[atoms.Count];
        foreach (var bond in bonds)
        {
            degree[bond.A]++;
            degree[bond.B]++;
        }

        var drop = new bool[atoms.Count];
        foreach (var bond in bonds)
        {
            foreach (var (h, heavy) in new[] { (bond.A, bond.B), (bond.B, bond.A) })
            {
                var atom = atoms[h];
                if (atom.AtomicNumber == 1 && atom.Isotope == 0 && atom.Charge == 0 && atom.ExplicitHydrogens == 0 && degree[h] == 1 &&
                    bond.Order == 1 && !bond.Aromatic && atoms[heavy].AtomicNumber > 1 && !drop[heavy])
                {
                    drop[h] = true;
                    atoms[heavy] = atoms[heavy] with { ExplicitHydrogens = atoms[heavy].ExplicitHydrogens + 1 };
                }
            }
        }

        if (!drop.Contains(true))
        {
            return (atoms, bonds);
        }

        var map = new int[atoms.Count];
        var kept = new List<Atom>();
        for (var a = 0; a < atoms.Count; a++)
        {
            map[a] = drop[a] ? -1 : kept.Count;
            if (!drop[a])
            {
                kept.Add(atoms[a]);
            }
        }

        var keptBonds = bonds.Where(b => map[b.A] >= 0 && map[b.B] >= 0).Select(b => b with { A = map[b.A], B = map[b.B] }).ToList();
        return (kept, keptBonds);
    }
}
