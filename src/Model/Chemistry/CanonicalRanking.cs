namespace PerturbKG.Model.Chemistry;

/// <summary>
/// Canonical atom ranks by the algorithm RDKit publishes (Schneider, Sayle and Landrum 2015, "Get Your Atoms in
/// Order"), without stereo or isotopes: atoms start in one partition and are split by a comparison of (class,
/// degree, element, hydrogens, charge, then the sorted (bond type, neighbour class) list), refining the partitions
/// whose neighbours changed until nothing splits; a special symmetry comparison (ring-atom neighbourhood shells)
/// separates highly symmetric ring systems; remaining ties are broken one atom at a time, each break refined again.
/// The sort that splits a partition is RDKit's merge sort, so equal atoms end in the same order and the same atom
/// wins each tie.
/// </summary>
internal static class CanonicalRanking
{
    public static int[] Rank(Molecule m)
    {
        var n = m.Atoms.Count;
        var ranks = new int[n];
        if (n == 0)
        {
            return ranks;
        }

        var state = new State(m);
        state.Run();
        for (var i = 0; i < n; i++)
        {
            ranks[state.Order[i]] = state.Atoms[state.Order[i]].Index;
        }

        return ranks;
    }

    private sealed class CanonAtom
    {
        public int Index;
        public int Degree;
        public int Hydrogens;
        public int AtomicNumber;
        public int Charge;
        public int[] Neighbours = [];
        public BondHolder[] Bonds = [];
        public List<int> NeighbourCounts = [];
        public List<int> Revisited = [];
    }

    private struct BondHolder
    {
        public int BondType;
        public int NeighbourIndex;
        public int NeighbourClass;

        // Descending order by (bond type, neighbour class), as RDKit's bondholder::greater sorts.
        public static int CompareDescending(BondHolder x, BondHolder y) => Compare(y, x);

        public static int Compare(BondHolder x, BondHolder y) =>
            x.BondType != y.BondType ? x.BondType.CompareTo(y.BondType) : x.NeighbourClass.CompareTo(y.NeighbourClass);
    }

    private sealed class State
    {
        private readonly Molecule _m;
        private readonly int _n;
        private readonly int[] _count;
        private readonly int[] _next;
        private readonly int[] _changed;
        private readonly bool[] _touched;
        private int _activeSet;
        private bool _special;

        public State(Molecule m)
        {
            _m = m;
            _n = m.Atoms.Count;
            Atoms = new CanonAtom[_n];
            Order = new int[_n];
            _count = new int[_n];
            _next = new int[_n];
            _changed = new int[_n];
            _touched = new bool[_n];
            for (var i = 0; i < _n; i++)
            {
                var atom = m.Atoms[i];
                var bonds = m.BondsOf[i];
                var canon = new CanonAtom
                {
                    Index = i,
                    Degree = bonds.Count,
                    Hydrogens = atom.Hydrogens,
                    AtomicNumber = atom.AtomicNumber,
                    Charge = atom.Charge,
                    Neighbours = new int[bonds.Count],
                    Bonds = new BondHolder[bonds.Count],
                };
                for (var j = 0; j < bonds.Count; j++)
                {
                    var other = m.Other(bonds[j], i);
                    canon.Neighbours[j] = other;
                    canon.Bonds[j] = new BondHolder { BondType = m.Bonds[bonds[j]].TypeCode, NeighbourIndex = other };
                }

                Atoms[i] = canon;
            }
        }

        public CanonAtom[] Atoms { get; }

        public int[] Order { get; }

        public void Run()
        {
            Array.Fill(_changed, 1);
            for (var i = 0; i < _n; i++)
            {
                Atoms[i].Index = 0;
                Order[i] = i;
                _count[i] = 0;
            }

            _count[0] = _n;
            Activate();
            Refine();

            var ties = false;
            int symmetricRingAtoms = 0, ringAtoms = 0;
            var branchingRingAtom = false;
            for (var i = 0; i < _n; i++)
            {
                var rings = _m.RingCount(Order[i]);
                if (rings > 0)
                {
                    if (_count[Order[i]] > 2)
                    {
                        symmetricRingAtoms += _count[Order[i]];
                    }

                    ringAtoms++;
                    if (rings > 1 && _count[Order[i]] > 1)
                    {
                        branchingRingAtom = true;
                    }
                }

                if (_count[i] == 0)
                {
                    ties = true;
                }
            }

            if (ties && ringAtoms > 0 && (float)symmetricRingAtoms / ringAtoms > 0.5f && branchingRingAtom)
            {
                RingNeighbourhoods();
                _special = true;
                Activate();
                Refine();
                _special = false;
            }

            BreakTies();
        }

        private int Compare(int i, int j) => _special ? CompareSpecial(i, j) : CompareAtoms(i, j);

        private int CompareAtoms(int i, int j)
        {
            var a = Atoms[i];
            var b = Atoms[j];
            if (a.Index != b.Index)
            {
                return a.Index < b.Index ? -1 : 1;
            }

            if (a.Degree != b.Degree)
            {
                return a.Degree < b.Degree ? -1 : 1;
            }

            if (a.AtomicNumber != b.AtomicNumber)
            {
                return a.AtomicNumber < b.AtomicNumber ? -1 : 1;
            }

            if (a.Hydrogens != b.Hydrogens)
            {
                return a.Hydrogens < b.Hydrogens ? -1 : 1;
            }

            if (a.Charge != b.Charge)
            {
                return a.Charge < b.Charge ? -1 : 1;
            }

            return CompareBonds(a, b);
        }

        private int CompareSpecial(int i, int j)
        {
            var a = Atoms[i];
            var b = Atoms[j];
            var c = Lexicographic(a.NeighbourCounts, b.NeighbourCounts);
            if (c != 0)
            {
                return c;
            }

            c = Lexicographic(a.Revisited, b.Revisited);
            return c != 0 ? c : CompareBonds(a, b);
        }

        private int CompareBonds(CanonAtom a, CanonAtom b)
        {
            UpdateNeighbourClasses(a);
            UpdateNeighbourClasses(b);
            for (var k = 0; k < a.Bonds.Length && k < b.Bonds.Length; k++)
            {
                var c = BondHolder.Compare(a.Bonds[k], b.Bonds[k]);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Bonds.Length.CompareTo(b.Bonds.Length);
        }

        private void UpdateNeighbourClasses(CanonAtom atom)
        {
            for (var k = 0; k < atom.Bonds.Length; k++)
            {
                atom.Bonds[k].NeighbourClass = Atoms[atom.Bonds[k].NeighbourIndex].Index;
            }

            // Insertion sort: stable and fast for a handful of bonds.
            for (var k = 1; k < atom.Bonds.Length; k++)
            {
                var item = atom.Bonds[k];
                var j = k - 1;
                while (j >= 0 && BondHolder.CompareDescending(atom.Bonds[j], item) > 0)
                {
                    atom.Bonds[j + 1] = atom.Bonds[j];
                    j--;
                }

                atom.Bonds[j + 1] = item;
            }
        }

        private static int Lexicographic(List<int> x, List<int> y)
        {
            for (var k = 0; k < x.Count && k < y.Count; k++)
            {
                if (x[k] != y[k])
                {
                    return x[k] < y[k] ? -1 : 1;
                }
            }

            return x.Count.CompareTo(y.Count);
        }

        private void Activate()
        {
            _activeSet = -1;
            Array.Fill(_next, -2);
            var i = 0;
            do
            {
                var j = Order[i];
                if (_count[j] > 1)
                {
                    _next[j] = _activeSet;
                    _activeSet = j;
                    i += _count[j];
                }
                else
                {
                    i++;
                }
            }
            while (i < _n);

            for (i = 0; i < _n; i++)
            {
                _changed[Order[i]] = 1;
            }
        }

        private void Refine()
        {
            var symclass = 0;
            while (_activeSet != -1)
            {
                var partition = _activeSet;
                _activeSet = _next[partition];
                _next[partition] = -2;
                var len = _count[partition];
                var offset = Atoms[partition].Index;
                HanoiSort.Sort(Order, offset, len, _count, _changed, Compare);
                for (var k = 0; k < len; k++)
                {
                    _changed[Order[offset + k]] = 0;
                }

                var index = Order[offset];
                for (var i = _count[index]; i < len; i++)
                {
                    index = Order[offset + i];
                    if (_count[index] != 0)
                    {
                        symclass = offset + i;
                    }

                    Atoms[index].Index = symclass;
                    foreach (var neighbour in Atoms[index].Neighbours)
                    {
                        _changed[neighbour] = 1;
                    }
                }

                index = Order[offset];
                for (var i = _count[index]; i < len; i++)
                {
                    index = Order[offset + i];
                    foreach (var neighbour in Atoms[index].Neighbours)
                    {
                        _touched[Atoms[neighbour].Index] = true;
                    }
                }

                QueueTouched();
            }
        }

        private void QueueTouched()
        {
            for (var ii = 0; ii < _n; ii++)
            {
                if (!_touched[ii])
                {
                    continue;
                }

                var partition = Order[ii];
                if (_count[partition] > 1 && _next[partition] == -2)
                {
                    _next[partition] = _activeSet;
                    _activeSet = partition;
                }

                _touched[ii] = false;
            }
        }

        private void BreakTies()
        {
            for (var i = 0; i < _n; i++)
            {
                var partition = Order[i];
                var oldPart = Atoms[partition].Index;
                while (_count[partition] > 1)
                {
                    var len = _count[partition];
                    var offset = Atoms[partition].Index + len - 1;
                    var index = Order[offset];
                    Atoms[index].Index = offset;
                    _count[partition] = len - 1;
                    _count[index] = 1;
                    if (Atoms[index].Degree < 1)
                    {
                        continue;
                    }

                    foreach (var neighbour in Atoms[index].Neighbours)
                    {
                        _touched[Atoms[neighbour].Index] = true;
                        _changed[neighbour] = 1;
                    }

                    QueueTouched();
                    Refine();
                }

                if (Atoms[partition].Index != oldPart)
                {
                    i--;
                }
            }
        }

        // For each ring atom, breadth-first shells over the graph: how many new atoms each shell reaches, and the
        // sorted counts of atoms met again — a fingerprint of where the atom sits in a symmetric ring system.
        private void RingNeighbourhoods()
        {
            var visited = new bool[_n];
            var last = new bool[_n];
            var current = new bool[_n];
            var revisited = new int[_n];
            var queue = new Queue<int>();
            var nextLevel = new List<int>();
            var shell = new List<int>();
            for (var idx = 0; idx < _n; idx++)
            {
                if (_m.RingCount(idx) < 1)
                {
                    continue;
                }

                var atom = Atoms[idx];
                atom.NeighbourCounts = [];
                atom.Revisited = [];
                Array.Clear(visited);
                Array.Clear(last);
                Array.Clear(current);
                Array.Clear(revisited);
                queue.Clear();
                queue.Enqueue(idx);
                while (queue.Count > 0)
                {
                    var found = 0;
                    nextLevel.Clear();
                    while (queue.Count > 0)
                    {
                        var nidx = queue.Dequeue();
                        if (_m.RingCount(nidx) < 1)
                        {
                            continue;
                        }

                        last[nidx] = true;
                        visited[nidx] = true;
                        foreach (var j in Atoms[nidx].Neighbours)
                        {
                            if (!visited[j])
                            {
                                current[j] = true;
                                found++;
                                visited[j] = true;
                                nextLevel.Add(j);
                            }
                        }
                    }

                    for (var i = 0; i < _n; i++)
                    {
                        if (!current[i])
                        {
                            continue;
                        }

                        foreach (var j in Atoms[i].Neighbours)
                        {
                            if (current[j] || last[j])
                            {
                                revisited[j]++;
                            }
                        }
                    }

                    Array.Clear(last);
                    for (var i = 0; i < _n; i++)
                    {
                        last[i] = current[i];
                    }

                    Array.Clear(current);
                    shell.Clear();
                    for (var i = 0; i < _n; i++)
                    {
                        if (revisited[i] > 0)
                        {
                            shell.Add(revisited[i]);
                        }
                    }

                    shell.Sort();
                    shell.Add(-1);
                    atom.Revisited.AddRange(shell);
                    Array.Clear(revisited);
                    atom.NeighbourCounts.Add(found);
                    atom.NeighbourCounts.Add(-1);
                    foreach (var j in nextLevel)
                    {
                        queue.Enqueue(j);
                    }
                }
            }
        }
    }
}
