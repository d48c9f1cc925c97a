using PerturbKG.Model;

namespace PerturbKG.Ingest.Synthetic;

/// <summary>
/// Builds valid drug-like SMILES from ring scaffolds: a core ring system, optionally a linker and a second ring
/// (together the Bemis–Murcko scaffold), and substituents on the remaining attachment points. "(*)" marks a branch
/// attachment point, a trailing "*" the chain end; the side rings use ring-closure digit 9 so they never clash.
/// </summary>
public static class SmilesAssembler
{
    public static readonly IReadOnlyList<string> Cores =
    [
        "c1ccc(*)cc1*", "c1cc(*)cnc1*", "c1nc(*)ncc1*", "n1cc(*)ncc1*", "c1cc(*)nnc1*", "n1cnc(*)nc1*",
        "c1ccc2cc(*)ccc2c1*", "c1ccc2ncc(*)cc2c1*", "c1ccc2cncc(*)c2c1*", "c1ccc2ncnc(*)c2c1*",
        "c1ccc2[nH]cc(*)c2c1*", "c1ccc2[nH]c(*)nc2c1*", "c1ccc2occ(*)c2c1*", "c1ccc2scc(*)c2c1*",
        "c1ccc2oc(*)nc2c1*", "c1ccc2sc(*)nc2c1*", "c1cc2cn[nH]c2cc1*", "c1cc(*)sc1*", "c1cc(*)oc1*",
        "c1cc(*)[nH]c1*", "c1nc(*)[nH]c1*", "c1nc(*)sc1*", "c1nc(*)oc1*", "o1nc(*)nc1*", "[nH]1nnc(*)n1",
        "C1CCN(*)CC1*", "C1CN(*)CCN1*", "C1COCCN1*", "C1CCC(*)CC1*", "C1CCC(*)C1*", "C1CC(*)OC1*", "C1CC1*",
    ];

    public static readonly IReadOnlyList<string> SideRings = ["c9ccccc9", "c9ccncc9", "C9CC9", "N9CCOCC9", "c9ccsc9", "C9CCNCC9"];

    public static readonly IReadOnlyList<string> Linkers = ["", "C", "N", "O", "CC", "C(=O)N", "NC(=O)", "S(=O)(=O)N"];

    public static readonly IReadOnlyList<string> Substituents =
    [
        "C", "CC", "O", "OC", "N", "N(C)C", "F", "Cl", "Br", "C(F)(F)F", "C(=O)O", "C(=O)N", "C#N",
        "S(=O)(=O)N", "OCC", "CO", "C(C)C", "NC(=O)C", "OC(F)(F)F", "C(=O)OC",
    ];

    /// <summary>A drug: its SMILES and the identity of its scaffold (core, linker, side ring).</summary>
    public static (string Smiles, string ScaffoldKey) Assemble(DeterministicRandom random)
    {
        var core = random.Next(Cores.Count);
        var side = random.Chance(0.55) ? random.Next(SideRings.Count) : -1;
        var linker = side >= 0 ? random.Next(Linkers.Count) : -1;
        var template = Cores[core];
        var trailing = template.EndsWith('*');
        var body = trailing ? template[..^1] : template;

        var sideChain = side >= 0 ? Linkers[linker] + SideRings[side] : null;
        var branches = body.Split("(*)");
        var result = new System.Text.StringBuilder(branches[0]);
        var sidePlaced = false;
        for (var i = 1; i < branches.Length; i++)
        {
            string? group = null;
            if (sideChain is not null && !trailing && !sidePlaced)
            {
                group = sideChain;
                sidePlaced = true;
            }
            else if (random.Chance(0.6))
            {
                group = random.Pick(Substituents);
            }

            if (group is not null)
            {
                result.Append('(').Append(group).Append(')');
            }

            result.Append(branches[i]);
        }

        if (trailing)
        {
            if (sideChain is not null)
            {
                result.Append(sideChain);
                sidePlaced = true;
            }
            else if (random.Chance(0.7))
            {
                result.Append(random.Pick(Substituents));
            }
        }

        var key = sidePlaced ? $"{core}-{linker}-{side}" : $"{core}";
        return (result.ToString(), key);
    }
}
