namespace PerturbKG.Model.Chemistry;

/// <summary>Connected parts of a molecule (a salt's counter-ion is its own fragment).</summary>
public static class Fragments
{
    /// <summary>Each fragment as its own molecule, in the order of its first atom; atoms and bonds keep their order.</summary>
    public static List<Molecule> All(Molecule molecule)
    {
        var component = Components(molecule, out var count);
        if (count <= 1)
        {
            return [molecule];
        }

        var parts = new List<Molecule>(count);
        for (var c = 0; c < count; c++)
        {
            var id = c;
            parts.Add(Subgraph(molecule, a => component[a] == id));
        }

        return parts;
    }

    /// <summary>The fragment with the most atoms (the first of equals), as its own molecule.</summary>
    public static Molecule Largest(Molecule molecule)
    {
        var component = Components(molecule, out var count);
        if (count <= 1)
        {
            return molecule;
        }

        var sizes = new int[count];
        foreach (var c in component)
        {
            sizes[c]++;
        }

        var largest = Array.IndexOf(sizes, sizes.Max());
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

        var bonds = molecule.Bonds.Where(b => map[b.A] >= 0 && map[b.B] >= 0).Select(b => b with { A = map[b.A], B = map[b.B] }).ToList();
        return new Molecule(atoms, bonds, molecule.Kekulized);
    }

    // Component number of each atom (numbered by first atom).
    private static int[] Components(Molecule molecule, out int count)
    {
        var component = new int[molecule.Atoms.Count];
        Array.Fill(component, -1);
        count = 0;
        var stack = new Stack<int>();
        for (var start = 0; start < component.Length; start++)
        {
            if (component[start] >= 0)
            {
                continue;
            }

            component[start] = count;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var atom = stack.Pop();
                foreach (var bond in molecule.BondsOf[atom])
                {
                    var other = molecule.Other(bond, atom);
                    if (component[other] < 0)
                    {
                        component[other] = count;
                        stack.Push(other);
                    }
                }
            }

            count++;
        }

        return component;
    }
}
