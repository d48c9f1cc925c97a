namespace PerturbKG.Model.Chemistry;

/// <summary>Connected parts of a molecule (a salt's counter-ion is its own fragment).</summary>
public static class Fragments
{
    /// <summary>The fragment with the most atoms (the first of equals), as its own molecule.</summary>
    public static Molecule Largest(Molecule molecule)
    {
        var component = new int[molecule.Atoms.Count];
        Array.Fill(component, -1);
        var sizes = new List<int>();
        for (var start = 0; start < component.Length; start++)
        {
            if (component[start] >= 0)
            {
                continue;
            }

            var id = sizes.Count;
            var size = 0;
            var stack = new Stack<int>([start]);
            component[start] = id;
            while (stack.Count > 0)
            {
                var atom = stack.Pop();
                size++;
                foreach (var bond in molecule.BondsOf[atom])
                {
                    var other = molecule.Other(bond, atom);
                    if (component[other] < 0)
                    {
                        component[other] = id;
                        stack.Push(other);
                    }
                }
            }

            sizes.Add(size);
        }

        if (sizes.Count <= 1)
        {
            return molecule;
        }

        var largest = sizes.IndexOf(sizes.Max());
        return Subgraph(molecule, a => component[a] == largest);
    }

    /// <summary>The atoms a predicate keeps, and the bonds among them.</summary>
    public static Molecule Subgraph(Molecule molecule, Func<int, bool> keep)
    {
        var map = new int[molecule.Atoms.Count];
        var atoms = new List<Atom>();
        for (var a = 0; a < map.Length; a++)
        {
            map[a] = keep(a) ? atoms.Count : -1;
            if (map[a] >= 0)
            {
                atoms.Add(molecule.Atoms[a]);
            }
        }

        var bonds = molecule.Bonds.Where(b => map[b.A] >= 0 && map[b.B] >= 0).Select(b => new Bond(map[b.A], map[b.B], b.Order)).ToList();
        return new Molecule(atoms, bonds);
    }
}
