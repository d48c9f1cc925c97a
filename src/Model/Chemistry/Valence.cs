namespace PerturbKG.Model.Chemistry;

/// <summary>Hydrogen counts implied by valence, by RDKit's rules (so counts and bracket choices agree with it).</summary>
internal static class Valence
{
    /// <summary>
    /// The charge as it shifts the valence: positive charge raises N, O, S (N+ behaves like C), lowers early atoms
    /// such as B, and a charged carbon always loses one.
    /// </summary>
    public static int AdjustedCharge(Atom atom)
    {
        var charge = Elements.IsEarly(atom.AtomicNumber) ? -atom.Charge : atom.Charge;
        return atom.AtomicNumber == 6 && charge > 0 ? -charge : charge;
    }

    /// <summary>Implicit hydrogens of an atom whose count is not fixed.</summary>
    public static int ImplicitHydrogens(Molecule molecule, int index)
    {
        var atom = molecule.Atoms[index];
        if (atom.AtomicNumber == 0)
        {
            return 0;
        }

        var used = molecule.ExplicitValence(index);
        if (atom.AtomicNumber == 1 && used == 0)
        {
            return atom.Charge == 0 ? 1 : 0;
        }

        var dv = Elements.DefaultValence(atom.AtomicNumber);
        if (dv == -1)
        {
            return 0;
        }

        var charge = AdjustedCharge(atom);
        if (atom.Aromatic)
        {
            return used <= dv + charge ? dv + charge - used : 0;
        }

        foreach (var v in Elements.Valences(atom.AtomicNumber))
        {
            if (v < 0)
            {
                break;
            }

            if (used <= v + charge)
            {
                return v + charge - used;
            }
        }

        return 0;
    }
}
