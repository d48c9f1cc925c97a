namespace PerturbKG.Model.Chemistry;

/// <summary>
/// The smallest set of smallest rings (a minimum cycle basis): Horton's candidate cycles — a shortest path from a
/// root to each end of a bond, closed by the bond — taken shortest first while they are independent over GF(2),
/// until a ring system has as many rings as its bonds minus its atoms plus one.
/// </summary>
internal static class RingFinder
{
    public static IReadOnlyList<Ring> Smallest(Molecule m)
    {
        var rings = new List<Ring>();
        var system = Systems(m, out var systemCount);
        for (var s = 0; s < systemCount; s++)
        {
            var atoms = Enumerable.Range(0, m.Atoms.Count).Where(a => system[a] == s).ToArray();
            var bondList = Enumerable.Range(0, m.Bonds.Count).Where(b => m.RingBond[b] && system[m.Bonds[b].A] == s).ToArray();
            var needed = bondList.Length - atoms.Length + 1;
            rings.AddRange(Basis(m, atoms, bondList, needed));
        }

        return rings;
    }

    // Ring systems: atoms joined by ring bonds; -1 for atoms on no ring.
    private static int[] Systems(Molecule m, out int count)
    {
        var system = new int[m.Atoms.Count];
        Array.Fill(system, -1);
        count = 0;
        var stack = new Stack<int>();
        for (var start = 0; start < system.Length; start++)
        {
            if (system[start] >= 0 || !m.InRing(start))
            {
                continue;
            }

            system[start] = count;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var atom = stack.Pop();
                foreach (var b in m.BondsOf[atom])
                {
                    var other = m.Other(b, atom);
                    if (m.RingBond[b] && system[other] < 0)
                    {
                        system[other] = count;
                        stack.Push(other);
                    }
                }
            }

            count++;
        }

        return system;
    }

    private static List<Ring> Basis(Molecule m, int[] atoms, int[] bonds, int needed)
    {
        if (needed == 1)
        {
            return [SingleRing(m, atoms)];
        }

        var bondSlot = new Dictionary<int, int>(bonds.Length);
        for (var i = 0; i < bonds.Length; i++)
        {
            bondSlot[bonds[i]] = i;
        }

        var words = (bonds.Length + 63) / 64;
        var candidates = new List<(int Length, ulong[] Set, int[] Atoms)>();
        var seen = new HashSet<ulong[]>(SetComparer.Instance);
        var n = m.Atoms.Count;
        var dist = new int[n];
        var parentBond = new int[n];
        var stamp = new int[n];
        var stampValue = 0;
        var queue = new Queue<int>();
        var path = new List<int>();
        foreach (var root in atoms)
        {
            Array.Fill(dist, -1);
            dist[root] = 0;
            parentBond[root] = -1;
            queue.Enqueue(root);
            while (queue.Count > 0)
            {
                var atom = queue.Dequeue();
                foreach (var b in m.BondsOf[atom])
                {
                    var other = m.Other(b, atom);
                    if (m.RingBond[b] && dist[other] < 0)
                    {
                        dist[other] = dist[atom] + 1;
                        parentBond[other] = b;
                        queue.Enqueue(other);
                    }
                }
            }

            foreach (var b in bonds)
            {
                var (u, v) = (m.Bonds[b].A, m.Bonds[b].B);
                if (parentBond[u] == b || parentBond[v] == b)
                {
                    continue;
                }

                // The two tree paths must meet only at the root for the closed walk to be a simple cycle.
                stampValue++;
                for (var x = u; x != root; x = m.Other(parentBond[x], x))
                {
                    stamp[x] = stampValue;
                }

                var simple = true;
                for (var x = v; x != root; x = m.Other(parentBond[x], x))
                {
                    if (stamp[x] == stampValue)
                    {
                        simple = false;
                        break;
                    }
                }

                if (!simple)
                {
                    continue;
                }

                var set = new ulong[words];
                path.Clear();
                for (var x = u; x != root; x = m.Other(parentBond[x], x))
                {
                    path.Add(x);
                    Mark(set, bondSlot[parentBond[x]]);
                }

                path.Add(root);
                path.Reverse();
                for (var x = v; x != root; x = m.Other(parentBond[x], x))
                {
                    path.Add(x);
                    Mark(set, bondSlot[parentBond[x]]);
                }

                Mark(set, bondSlot[b]);
                if (seen.Add(set))
                {
                    // root → … → u, then v → … → next to root: u and v are adjacent, so the list is in ring order.
                    var ring = path.ToArray();
                    candidates.Add((path.Count, set, ring));
                }
            }
        }

        candidates.Sort((x, y) => x.Length != y.Length ? x.Length.CompareTo(y.Length) : CompareSets(x.Set, y.Set));
        var basis = new List<ulong[]>();
        var pivots = new List<int>();
        var rings = new List<Ring>();
        foreach (var (_, set, ringAtoms) in candidates)
        {
            if (rings.Count == needed)
            {
                break;
            }

            var reduced = (ulong[])set.Clone();
            for (var i = 0; i < basis.Count; i++)
            {
                if ((reduced[pivots[i] / 64] & (1UL << (pivots[i] % 64))) != 0)
                {
                    for (var w = 0; w < words; w++)
                    {
                        reduced[w] ^= basis[i][w];
                    }
                }
            }

            var pivot = FirstBit(reduced);
            if (pivot < 0)
            {
                continue; // a sum of rings already chosen
            }

            basis.Add(reduced);
            pivots.Add(pivot);
            rings.Add(MakeRing(m, ringAtoms));
        }

        return rings;
    }

    // A ring system that is one ring: walk round it.
    private static Ring SingleRing(Molecule m, int[] atoms)
    {
        var ring = new List<int>(atoms.Length) { atoms[0] };
        var previous = -1;
        var current = atoms[0];
        while (true)
        {
            var next = -1;
            foreach (var b in m.BondsOf[current])
            {
                var other = m.Other(b, current);
                if (m.RingBond[b] && other != previous)
                {
                    next = other;
                    break;
                }
            }

            if (next == atoms[0] || next < 0)
            {
                break;
            }

            previous = current;
            current = next;
            ring.Add(current);
        }

        return MakeRing(m, [.. ring]);
    }

    private static Ring MakeRing(Molecule m, int[] ringAtoms)
    {
        var ringBonds = new int[ringAtoms.Length];
        for (var i = 0; i < ringAtoms.Length; i++)
        {
            ringBonds[i] = m.BondBetween(ringAtoms[i], ringAtoms[(i + 1) % ringAtoms.Length]);
        }

        return new Ring(ringAtoms, ringBonds);
    }

    private static void Mark(ulong[] set, int slot) => set[slot / 64] |= 1UL << (slot % 64);

    private static int FirstBit(ulong[] set)
    {
        for (var w = 0; w < set.Length; w++)
        {
            if (set[w] != 0)
            {
                return (w * 64) + System.Numerics.BitOperations.TrailingZeroCount(set[w]);
            }
        }

        return -1;
    }

    private static int CompareSets(ulong[] x, ulong[] y)
    {
        for (var w = 0; w < x.Length; w++)
        {
            if (x[w] != y[w])
            {
                return x[w].CompareTo(y[w]);
            }
        }

        return 0;
    }

    private sealed class SetComparer : IEqualityComparer<ulong[]>
    {
        public static readonly SetComparer Instance = new();

        public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(ulong[] set)
        {
            var hash = new HashCode();
            foreach (var w in set)
            {
                hash.Add(w);
            }

            return hash.ToHashCode();
        }
    }
}
