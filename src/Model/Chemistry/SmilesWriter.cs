using System.Globalization;
using System.Text;

namespace PerturbKG.Model.Chemistry;

/// <summary>
/// Canonical SMILES, written the way RDKit's <c>MolToSmiles</c> writes them without stereo: each fragment starts at
/// its lowest-ranked atom; a first depth-first pass finds the ring closures; the second writes atoms, taking
/// non-ring neighbours before ring ones (ring bonds by type: aromatic, triple, double, single), every neighbour but
/// the last as a branch, and ring-closure digits reused from the lowest free one; fragments sorted as text.
/// Aromatic atoms in lower case; brackets only where the organic subset cannot say it.
/// </summary>
public static class SmilesWriter
{
    private const int MaxAtoms = 5000;
    private const int MaxBondType = 32;

    /// <summary>The canonical SMILES of a molecule (empty for no atoms).</summary>
    public static string Canonical(Molecule m)
    {
        if (m.Atoms.Count == 0)
        {
            return string.Empty;
        }

        var parts = Fragments.All(m).Select(Fragment).ToList();
        parts.Sort(StringComparer.Ordinal);
        return string.Join('.', parts);
    }

    /// <summary>The canonical SMILES of a SMILES string.</summary>
    public static string Canonical(string smiles) => Canonical(SmilesParser.Parse(smiles));

    private static string Fragment(Molecule m)
    {
        var ranks = CanonicalRanking.Rank(m);
        var start = 0;
        for (var i = 1; i < ranks.Length; i++)
        {
            if (ranks[i] < ranks[start])
            {
                start = i;
            }
        }

        var n = m.Atoms.Count;
        var closures = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            closures[i] = [];
        }

        FindCycles(m, start, -1, new byte[n], ranks, closures);
        var writer = new Writer(m, ranks, closures);
        writer.Build(start, -1);
        return writer.Text();
    }

    // First pass: depth first in rank order; a bond back to an atom still on the path is a ring closure of both atoms.
    private static void FindCycles(Molecule m, int atom, int inBond, byte[] colour, int[] ranks, List<int>[] closures)
    {
        colour[atom] = 1;
        var possibles = new List<(long Rank, int Atom, int Bond)>();
        foreach (var b in m.BondsOf[atom])
        {
            if (b == inBond)
            {
                continue;
            }

            var other = m.Other(b, atom);
            long rank = ranks[other];
            if (colour[other] == 1)
            {
                rank -= (long)(MaxBondType + 1) * MaxAtoms * MaxAtoms;
                rank += (long)(MaxBondType - m.Bonds[b].TypeCode) * MaxAtoms;
            }
            else if (m.RingBond[b])
            {
                rank += (long)(MaxBondType - m.Bonds[b].TypeCode) * MaxAtoms * MaxAtoms;
            }

            possibles.Add((rank, other, b));
        }

        possibles.Sort((x, y) => x.Rank.CompareTo(y.Rank));
        foreach (var (_, other, bond) in possibles)
        {
            switch (colour[other])
            {
                case 0:
                    FindCycles(m, other, bond, colour, ranks, closures);
                    break;
                case 1:
                    closures[other].Add(bond);
                    closures[atom].Add(bond);
                    break;
            }
        }

        colour[atom] = 2;
    }

    private sealed class Writer(Molecule m, int[] ranks, List<int>[] closures)
    {
        private readonly List<(char Kind, int Value, int Left)> _stack = [];
        private readonly byte[] _colour = new byte[m.Atoms.Count];
        private readonly int[] _ringOfBond = Enumerable.Repeat(0, m.Bonds.Count).ToArray();
        private readonly bool[] _ringSlotFree = Enumerable.Repeat(true, 1000).ToArray();

        public void Build(int atom, int inBond)
        {
            var seenFromHere = new HashSet<int> { atom };
            _stack.Add(('a', atom, -1));
            _colour[atom] = 1;
            if (closures[atom].Count > 0)
            {
                var closed = new List<int>();
                foreach (var b in closures[atom])
                {
                    seenFromHere.Add(m.Other(b, atom));
                    if (_ringOfBond[b] > 0)
                    {
                        _stack.Add(('b', b, atom));
                        _stack.Add(('r', _ringOfBond[b], -1));
                        closed.Add(_ringOfBond[b] - 1);
                    }
                    else
                    {
                        var slot = Array.IndexOf(_ringSlotFree, true);
                        if (slot < 0)
                        {
                            throw new InvalidOperationException("Too many rings open at once to write a SMILES.");
                        }

                        _ringSlotFree[slot] = false;
                        _ringOfBond[b] = slot + 1;
                        _stack.Add(('r', slot + 1, -1));
                    }
                }

                foreach (var slot in closed)
                {
                    _ringSlotFree[slot] = true;
                }
            }

            var possibles = new List<(long Rank, int Atom, int Bond)>();
            foreach (var b in m.BondsOf[atom])
            {
                if (b == inBond)
                {
                    continue;
                }

                var other = m.Other(b, atom);
                if (_colour[other] != 0 || seenFromHere.Contains(other))
                {
                    continue;
                }

                long rank = ranks[other];
                if (m.RingBond[b])
                {
                    rank += (long)(MaxBondType - m.Bonds[b].TypeCode) * MaxAtoms * MaxAtoms;
                }

                possibles.Add((rank, other, b));
            }

            possibles.Sort((x, y) => x.Rank.CompareTo(y.Rank));
            for (var i = 0; i < possibles.Count; i++)
            {
                var (_, other, bond) = possibles[i];
                if (_colour[other] != 0)
                {
                    continue;
                }

                var branch = i + 1 < possibles.Count;
                if (branch)
                {
                    _stack.Add(('(', 0, -1));
                }

                _stack.Add(('b', bond, atom));
                Build(other, bond);
                if (branch)
                {
                    _stack.Add((')', 0, -1));
                }
            }

            _colour[atom] = 2;
        }

        public string Text()
        {
            var text = new StringBuilder();
            var open = new Dictionary<int, int>();
            var toErase = new List<int>();
            foreach (var (kind, value, left) in _stack)
            {
                switch (kind)
                {
                    case 'a':
                        foreach (var ring in toErase)
                        {
                            open.Remove(ring);
                        }

                        toErase.Clear();
                        AppendAtom(text, value);
                        break;
                    case 'b':
                        text.Append(BondSymbol(value, left));
                        break;
                    case 'r':
                        int digit;
                        if (open.TryGetValue(value, out var existing))
                        {
                            digit = existing;
                            toErase.Add(value);
                        }
                        else
                        {
                            digit = 1;
                            while (open.ContainsValue(digit))
                            {
                                digit++;
                            }

                            open[value] = digit;
                        }

                        text.Append(digit < 10 ? digit.ToString(CultureInfo.InvariantCulture) : $"%{digit}");
                        break;
                    default:
                        text.Append(kind);
                        break;
                }
            }

            return text.ToString();
        }

        private void AppendAtom(StringBuilder text, int index)
        {
            var atom = m.Atoms[index];
            var symbol = atom.Element;
            if (atom.Aromatic)
            {
                symbol = char.ToLowerInvariant(symbol[0]) + symbol[1..];
            }

            var bracket = !Elements.OrganicSubset.Contains(atom.AtomicNumber) || atom.Charge != 0 ||
                (atom.AtomicNumber is 7 or 15 && atom.Aromatic && atom.ExplicitHydrogens > 0) ||
                (m.ExplicitValence(index) + atom.ImplicitHydrogens != Elements.DefaultValence(atom.AtomicNumber) && atom.Hydrogens > 0);
            if (!bracket)
            {
                text.Append(symbol);
                return;
            }

            text.Append('[').Append(symbol);
            if (atom.Hydrogens > 0)
            {
                text.Append('H');
                if (atom.Hydrogens > 1)
                {
                    text.Append(atom.Hydrogens.ToString(CultureInfo.InvariantCulture));
                }
            }

            if (atom.Charge > 0)
            {
                text.Append('+');
                if (atom.Charge > 1)
                {
                    text.Append(atom.Charge.ToString(CultureInfo.InvariantCulture));
                }
            }
            else if (atom.Charge < 0)
            {
                text.Append(atom.Charge < -1 ? atom.Charge.ToString(CultureInfo.InvariantCulture) : "-");
            }

            text.Append(']');
        }

        private string BondSymbol(int bond, int left)
        {
            var b = m.Bonds[bond];
            var aromaticEnds = m.Atoms[left].Aromatic && m.Atoms[m.Other(bond, left)].Aromatic &&
                (m.Atoms[left].AtomicNumber != 0 || m.Atoms[m.Other(bond, left)].AtomicNumber != 0);
            if (b.Aromatic)
            {
                return aromaticEnds ? string.Empty : ":";
            }

            return b.Order switch
            {
                1 => aromaticEnds ? "-" : string.Empty,
                2 => "=",
                3 => "#",
                _ => string.Empty,
            };
        }
    }
}
