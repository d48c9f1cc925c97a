namespace PerturbKG.Model.Chemistry;

/// <summary>Element symbols by atomic number, and the default valences of SMILES's organic subset.</summary>
internal static class Elements
{
    private static readonly string[] Symbols =
    [
        "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca",
        "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr",
        "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd",
        "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg",
        "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U",
    ];

    private static readonly Dictionary<string, int> Numbers =
        Symbols.Select((s, i) => (s, i + 1)).ToDictionary(p => p.s, p => p.Item2, StringComparer.Ordinal);

    /// <summary>Valences an unbracketed atom may take; its hydrogens fill it to the smallest that fits.</summary>
    public static readonly IReadOnlyDictionary<string, int[]> OrganicValences = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["B"] = [3], ["C"] = [4], ["N"] = [3, 5], ["O"] = [2], ["P"] = [3, 5], ["S"] = [2, 4, 6],
        ["F"] = [1], ["Cl"] = [1], ["Br"] = [1], ["I"] = [1],
    };

    /// <summary>Elements written in lower case when aromatic (in brackets or not).</summary>
    public static readonly HashSet<string> AromaticCapable = new(StringComparer.Ordinal) { "B", "C", "N", "O", "P", "S", "Se", "As", "Te" };

    public static int Number(string symbol) => symbol == "*" ? 0 : Numbers.GetValueOrDefault(symbol, -1);
}
