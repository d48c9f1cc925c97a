namespace PerturbKG.Model.Chemistry;

/// <summary>
/// Element data the chemistry needs, by atomic number: symbol, standard atomic weight, outer-shell electrons and the
/// valences an atom may take (-1 = any, for metals). The valence lists are the ones RDKit uses, so hydrogen counts,
/// aromaticity and bracket decisions agree with it.
/// </summary>
internal static class Elements
{
    // symbol weight outer-electrons valences, by atomic number from 1.
    private const string Table =
        "H 1.008 1 1|He 4.003 2 0|Li 6.941 1 1|Be 9.012 2 2|B 10.812 3 3|C 12.011 4 4|N 14.007 5 3|" +
        "O 15.999 6 2|F 18.998 7 1|Ne 20.18 8 0|Na 22.99 1 1|Mg 24.305 2 2,-1|Al 26.982 3 3,6|" +
        "Si 28.086 4 4,6|P 30.974 5 3,5,7|S 32.067 6 2,4,6|Cl 35.453 7 1|Ar 39.948 8 0|K 39.098 1 1|" +
        "Ca 40.078 2 2,-1|Sc 44.956 3 -1|Ti 47.867 4 -1|V 50.942 5 -1|Cr 51.996 6 -1|Mn 54.938 7 -1|" +
        "Fe 55.845 8 -1|Co 58.933 9 -1|Ni 58.693 10 -1|Cu 63.546 11 -1|Zn 65.39 2 -1|Ga 69.723 3 3|" +
        "Ge 72.61 4 4|As 74.922 5 3,5,7|Se 78.96 6 2,4,6|Br 79.904 7 1|Kr 83.8 8 0|Rb 85.468 1 1|" +
        "Sr 87.62 2 2,-1|Y 88.906 3 -1|Zr 91.224 4 -1|Nb 92.906 5 -1|Mo 95.94 6 -1|Tc 98 7 -1|Ru 101.07 8 -1|" +
        "Rh 102.906 9 -1|Pd 106.42 10 -1|Ag 107.868 11 -1|Cd 112.412 2 -1|In 114.818 3 3|Sn 118.711 4 2,4|" +
        "Sb 121.76 5 3,5,7|Te 127.6 6 2,4,6|I 126.904 7 1,3,5|Xe 131.29 8 0,2,4,6|Cs 132.905 1 1|" +
        "Ba 137.328 2 2,-1|La 138.906 3 -1|Ce 140.116 4 -1|Pr 140.908 3 -1|Nd 144.24 4 -1|Pm 145 5 -1|" +
        "Sm 150.36 6 -1|Eu 151.964 7 -1|Gd 157.25 8 -1|Tb 158.925 9 -1|Dy 162.5 10 -1|Ho 164.93 11 -1|" +
        "Er 167.26 12 -1|Tm 168.934 13 -1|Yb 173.04 14 -1|Lu 174.967 15 -1|Hf 178.49 4 -1|Ta 180.948 5 -1|" +
        "W 183.84 6 -1|Re 186.207 7 -1|Os 190.23 8 -1|Ir 192.217 9 -1|Pt 195.078 10 -1|Au 196.967 11 -1|" +
        "Hg 200.59 2 -1|Tl 204.383 3 3|Pb 207.2 4 2,4|Bi 208.98 5 3,5,7|Po 209 6 2,4,6|At 210 7 1,3,5|" +
        "Rn 222 8 0|Fr 223 1 1|Ra 226 2 2,-1|Ac 227 3 -1|Th 232.038 4 -1|Pa 231.036 3 -1|U 238.029 4 -1";

    private static readonly (string Symbol, double Weight, int Outer, int[] Valences)[] Data = Parse();

    private static readonly Dictionary<string, int> Numbers =
        Enumerable.Range(1, Data.Length - 1).ToDictionary(n => Data[n].Symbol, n => n, StringComparer.Ordinal);

    // Atoms left of carbon in their period (and a few metals): a positive charge lowers their valence instead of raising it.
    private static readonly HashSet<int> Early =
        [3, 4, 5, 11, 12, 13, 19, 20, 21, 22, 30, 31, 37, 38, 39, 40, 41, 48, 49, 55, 56, 57, 58, 59, 60, 61, 72, 73, 80, 81, 87, 88, 89, 90, 91, 92];

    /// <summary>Elements SMILES may write without brackets.</summary>
    public static readonly HashSet<int> OrganicSubset = [0, 5, 6, 7, 8, 9, 15, 16, 17, 35, 53];

    /// <summary>Elements written in lower case when aromatic (in brackets or not).</summary>
    public static readonly HashSet<string> AromaticCapable = new(StringComparer.Ordinal) { "B", "C", "N", "O", "P", "S", "Se", "As", "Te" };

    /// <summary>The atomic number of a symbol ("*" is 0), or -1 when unknown.</summary>
    public static int Number(string symbol) => symbol == "*" ? 0 : Numbers.GetValueOrDefault(symbol, -1);

    public static string Symbol(int number) => Data[number].Symbol;

    public static double Weight(int number) => Data[number].Weight;

    public static int OuterElectrons(int number) => Data[number].Outer;

    /// <summary>Allowed valences, smallest first; [-1] means any.</summary>
    public static int[] Valences(int number) => Data[number].Valences;

    /// <summary>The first valence in the list (-1 for metals and the dummy atom).</summary>
    public static int DefaultValence(int number) => Data[number].Valences[0];

    public static bool IsEarly(int number) => Early.Contains(number);

    /// <summary>Whether the first element is the more electronegative (more outer electrons; then the lighter).</summary>
    public static bool MoreElectronegative(int first, int second) =>
        Data[first].Outer > Data[second].Outer || (Data[first].Outer == Data[second].Outer && first < second);

    private static (string, double, int, int[])[] Parse()
    {
        var rows = Table.Split('|');
        var data = new (string, double, int, int[])[rows.Length + 1];
        data[0] = ("*", 0, 0, [-1]);
        for (var i = 0; i < rows.Length; i++)
        {
            var f = rows[i].Split(' ');
            data[i + 1] = (f[0], double.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture),
                f[3].Split(',').Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }

        return data;
    }
}
