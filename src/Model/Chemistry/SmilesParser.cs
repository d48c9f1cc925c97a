using System.Globalization;

namespace PerturbKG.Model.Chemistry;

/// <summary>
/// Reads SMILES (OpenSMILES: organic subset and bracket atoms, bonds, branches, ring closures including %nn,
/// disconnected parts) into a <see cref="Molecule"/>. Stereo marks are read and ignored. Errors name the position.
/// </summary>
public static class SmilesParser
{
    public static Molecule Parse(string smiles)
    {
        ArgumentNullException.ThrowIfNull(smiles);
        if (smiles.Trim().Length == 0)
        {
            throw new SmilesException(smiles, 0, "the SMILES is empty");
        }

        return new Reader(smiles.Trim()).Read();
    }

    /// <summary>Parses, or returns null with the error.</summary>
    public static Molecule? TryParse(string smiles, out SmilesException? error)
    {
        try
        {
            error = null;
            return Parse(smiles);
        }
        catch (SmilesException e)
        {
            error = e;
            return null;
        }
    }

    private sealed class Reader(string text)
    {
        private const int AromaticBond = 4;
        private readonly List<(string Element, bool Aromatic, int Charge, int Isotope, int? Hydrogens)> _atoms = [];
        private readonly List<(int A, int B, int Order)> _bonds = [];
        private readonly Dictionary<int, (int Atom, int? Order, int Position)> _rings = [];
        private readonly Stack<(int Atom, int Position)> _branches = new();
        private int _pos;
        private int _previous = -1;
        private int? _bond;
        private int _bondPosition;

        public Molecule Read()
        {
            while (_pos < text.Length)
            {
                var c = text[_pos];
                switch (c)
                {
                    case '(':
                        if (_previous < 0)
                        {
                            throw Error("a branch opens before any atom");
                        }

                        _branches.Push((_previous, _pos++));
                        break;
                    case ')':
                        if (_branches.Count == 0)
                        {
                            throw Error("')' closes no branch");
                        }

                        NoDanglingBond("before ')'");
                        _previous = _branches.Pop().Atom;
                        _pos++;
                        break;
                    case '-' or '=' or '#' or '$' or ':' or '/' or '\\':
                        if (_bond is not null)
                        {
                            throw Error("two bond symbols in a row");
                        }

                        if (c == '$')
                        {
                            throw Error("quadruple bonds ('$') are not supported");
                        }

                        _bond = c switch { '=' => 2, '#' => 3, ':' => AromaticBond, _ => 1 };
                        _bondPosition = _pos++;
                        break;
                    case '.':
                        NoDanglingBond("before '.'");
                        _previous = -1;
                        _pos++;
                        break;
                    case '%' or (>= '0' and <= '9'):
                        RingClosure();
                        break;
                    case '[':
                        BracketAtom();
                        break;
                    default:
                        OrganicAtom();
                        break;
                }
            }

            if (_branches.Count > 0)
            {
                throw new SmilesException(text, _branches.Peek().Position, "'(' is never closed");
            }

            if (_rings.Count > 0)
            {
                var open = _rings.OrderBy(r => r.Value.Position).First();
                throw new SmilesException(text, open.Value.Position, $"ring bond {open.Key} is never closed");
            }

            NoDanglingBond("at the end");
            return Build();
        }

        private void OrganicAtom()
        {
            string element;
            var aromatic = false;
            if (_pos + 1 < text.Length && ((text[_pos] == 'C' && text[_pos + 1] == 'l') || (text[_pos] == 'B' && text[_pos + 1] == 'r')))
            {
                element = text.Substring(_pos, 2);
                _pos += 2;
            }
            else if (text[_pos] is 'B' or 'C' or 'N' or 'O' or 'P' or 'S' or 'F' or 'I' or '*')
            {
                element = text[_pos++].ToString();
            }
            else if (text[_pos] is 'b' or 'c' or 'n' or 'o' or 'p' or 's')
            {
                element = char.ToUpperInvariant(text[_pos++]).ToString();
                aromatic = true;
            }
            else
            {
                throw Error($"unexpected '{text[_pos]}'");
            }

            AddAtom(element, aromatic, 0, 0, null);
        }

        private void BracketAtom()
        {
            var open = _pos++;
            var close = text.IndexOf(']', _pos);
            if (close < 0)
            {
                throw new SmilesException(text, open, "'[' is never closed");
            }

            var isotope = ReadNumber(close) ?? 0;
            if (_pos >= close)
            {
                throw Error("an atom bracket names no element");
            }

            string element;
            var aromatic = char.IsLower(text[_pos]);
            if (text[_pos] == '*')
            {
                element = "*";
                _pos++;
            }
            else if (aromatic)
            {
                var two = _pos + 1 < close && char.IsLower(text[_pos + 1]) ? text.Substring(_pos, 2) : null;
                if (two is "se" or "as" or "te")
                {
                    element = char.ToUpperInvariant(two[0]) + two[1..];
                    _pos += 2;
                }
                else
                {
                    element = char.ToUpperInvariant(text[_pos++]).ToString();
                }

                if (!Elements.AromaticCapable.Contains(element))
                {
                    throw Error($"'{element.ToLowerInvariant()}' cannot be aromatic", _pos - 1);
                }
            }
            else
            {
                // An upper-case letter and a lower-case one are one element symbol (chirality and H come after).
                var two = _pos + 1 < close && char.IsLower(text[_pos + 1]) ? text.Substring(_pos, 2) : null;
                element = two ?? text.Substring(_pos, 1);
                if (Elements.Number(element) < 0)
                {
                    throw Error($"unknown element '{element}'");
                }

                _pos += element.Length;
            }

            while (_pos < close && text[_pos] == '@')
            {
                _pos++; // chirality is not used
            }

            if (_pos < close && text[_pos] is 'T' or 'A' or 'S' or 'O')
            {
                while (_pos < close && char.IsLetterOrDigit(text[_pos]))
                {
                    _pos++; // @TH1, @SP2, ... forms
                }
            }

            int? hydrogens = 0;
            if (_pos < close && text[_pos] == 'H')
            {
                _pos++;
                hydrogens = ReadNumber(close) ?? 1;
            }

            var charge = 0;
            if (_pos < close && text[_pos] is '+' or '-')
            {
                var sign = text[_pos] == '+' ? 1 : -1;
                var symbol = text[_pos++];
                var magnitude = ReadNumber(close);
                if (magnitude is null)
                {
                    magnitude = 1;
                    while (_pos < close && text[_pos] == symbol)
                    {
                        magnitude++;
                        _pos++;
                    }
                }

                charge = sign * magnitude.Value;
            }

            if (_pos < close && text[_pos] == ':')
            {
                _pos++;
                _ = ReadNumber(close) ?? throw Error("an atom class needs a number");
            }

            if (_pos != close)
            {
                throw Error($"unexpected '{text[_pos]}' inside the atom bracket");
            }

            _pos = close + 1;
            AddAtom(element, aromatic, charge, isotope, hydrogens);
        }

        private void RingClosure()
        {
            var position = _pos;
            int number;
            if (text[_pos] == '%')
            {
                if (_pos + 2 >= text.Length || !char.IsAsciiDigit(text[_pos + 1]) || !char.IsAsciiDigit(text[_pos + 2]))
                {
                    throw Error("'%' must be followed by two digits");
                }

                number = int.Parse(text.AsSpan(_pos + 1, 2), CultureInfo.InvariantCulture);
                _pos += 3;
            }
            else
            {
                number = text[_pos++] - '0';
            }

            if (_previous < 0)
            {
                throw Error($"ring bond {number} comes before any atom", position);
            }

            if (_rings.Remove(number, out var open))
            {
                if (open.Atom == _previous)
                {
                    throw Error($"ring bond {number} closes on the atom that opened it", position);
                }

                if (open.Order is { } a && _bond is { } b && a != b)
                {
                    throw Error($"ring bond {number} has two different bond orders", position);
                }

                var order = _bond ?? open.Order ?? DefaultOrder(open.Atom, _previous);
                _bonds.Add((open.Atom, _previous, order));
            }
            else
            {
                _rings[number] = (_previous, _bond, position);
            }

            _bond = null;
        }

        private void AddAtom(string element, bool aromatic, int charge, int isotope, int? hydrogens)
        {
            _atoms.Add((element, aromatic, charge, isotope, hydrogens));
            var atom = _atoms.Count - 1;
            if (_previous >= 0)
            {
                _bonds.Add((_previous, atom, _bond ?? DefaultOrder(_previous, atom)));
            }
            else if (_bond is not null)
            {
                throw new SmilesException(text, _bondPosition, "a bond with no atom before it");
            }

            _bond = null;
            _previous = atom;
        }

        private int DefaultOrder(int a, int b) => _atoms[a].Aromatic && _atoms[b].Aromatic ? AromaticBond : 1;

        private int? ReadNumber(int limit)
        {
            var start = _pos;
            while (_pos < limit && char.IsAsciiDigit(text[_pos]))
            {
                _pos++;
            }

            return _pos > start ? int.Parse(text.AsSpan(start, _pos - start), CultureInfo.InvariantCulture) : null;
        }

        private void NoDanglingBond(string where)
        {
            if (_bond is not null)
            {
                throw new SmilesException(text, _bondPosition, $"a bond symbol {where} joins nothing");
            }
        }

        private SmilesException Error(string problem, int? at = null) => new(text, at ?? _pos, problem);

        private Molecule Build()
        {
            var atoms = new List<Atom>(_atoms.Count);
            foreach (var (element, aromatic, charge, isotope, hydrogens) in _atoms)
            {
                atoms.Add(new Atom(Elements.Number(element), charge, isotope, aromatic, hydrogens ?? 0, hydrogens is not null));
            }

            var bonds = _bonds.Select(b => new Bond(b.A, b.B, b.Order == AromaticBond ? 0 : b.Order, b.Order == AromaticBond)).ToList();
            return Sanitizer.Sanitize(atoms, bonds);
        }
    }
}
