namespace PerturbKG.Model.Chemistry;

/// <summary>
/// The merge sort RDKit's canonical ranking uses to split a partition: it sorts a run of atoms and records, in
/// <c>count</c>, the size of each group of equal atoms at the group's first atom (0 for the others). Two atoms
/// neither of which changed since the last sort are taken as equal without comparing them. Ported so that equal
/// atoms keep RDKit's order, which decides which atom wins a tie.
/// </summary>
internal static class HanoiSort
{
    public static void Sort(int[] order, int offset, int length, int[] count, int[] changed, Func<int, int, int> compare)
    {
        var temp = new int[length];
        if (Hanoi(order, offset, length, temp, 0, count, changed, compare))
        {
            Array.Copy(temp, 0, order, offset, length);
        }
    }

    // Returns true when the sorted run ended in temp rather than in base.
    private static bool Hanoi(int[] baseArray, int b, int nel, int[] temp, int t, int[] count, int[] changed, Func<int, int, int> compare)
    {
        if (nel == 1)
        {
            count[baseArray[b]] = 1;
            return false;
        }

        if (nel == 2)
        {
            var first = baseArray[b];
            var second = baseArray[b + 1];
            var stat = changed[first] != 0 || changed[second] != 0 ? compare(first, second) : 0;
            if (stat == 0)
            {
                count[first] = 2;
                count[second] = 0;
            }
            else
            {
                count[first] = 1;
                count[second] = 1;
                if (stat > 0)
                {
                    baseArray[b] = second;
                    baseArray[b + 1] = first;
                }
            }

            return false;
        }

        var n1 = nel / 2;
        var n2 = nel - n1;
        int[] s1Array, s2Array, ptrArray;
        int s1, s2, ptr;
        bool result;
        if (Hanoi(baseArray, b, n1, temp, t, count, changed, compare))
        {
            (s2Array, s2) = Hanoi(baseArray, b + n1, n2, temp, t + n1, count, changed, compare) ? (temp, t + n1) : (baseArray, b + n1);
            result = false;
            (ptrArray, ptr) = (baseArray, b);
            (s1Array, s1) = (temp, t);
        }
        else
        {
            (s2Array, s2) = Hanoi(baseArray, b + n1, n2, temp, t + n1, count, changed, compare) ? (temp, t + n1) : (baseArray, b + n1);
            result = true;
            (ptrArray, ptr) = (temp, t);
            (s1Array, s1) = (baseArray, b);
        }

        while (true)
        {
            var x = s1Array[s1];
            var y = s2Array[s2];
            var stat = changed[x] != 0 || changed[y] != 0 ? compare(x, y) : 0;
            var len1 = count[x];
            var len2 = count[y];
            if (stat == 0)
            {
                count[x] = len1 + len2;
                count[y] = 0;
                Array.Copy(s1Array, s1, ptrArray, ptr, len1);
                ptr += len1;
                n1 -= len1;
                if (n1 == 0)
                {
                    if (!ReferenceEquals(ptrArray, s2Array) || ptr != s2)
                    {
                        Array.Copy(s2Array, s2, ptrArray, ptr, n2);
                    }

                    return result;
                }

                s1 += len1;
                Array.Copy(s2Array, s2, ptrArray, ptr, len2);
                ptr += len2;
                n2 -= len2;
                if (n2 == 0)
                {
                    Array.Copy(s1Array, s1, ptrArray, ptr, n1);
                    return result;
                }

                s2 += len2;
            }
            else if (stat < 0)
            {
                Array.Copy(s1Array, s1, ptrArray, ptr, len1);
                ptr += len1;
                n1 -= len1;
                if (n1 == 0)
                {
                    if (!ReferenceEquals(ptrArray, s2Array) || ptr != s2)
                    {
                        Array.Copy(s2Array, s2, ptrArray, ptr, n2);
                    }

                    return result;
                }

                s1 += len1;
            }
            else
            {
                Array.Copy(s2Array, s2, ptrArray, ptr, len2);
                ptr += len2;
                n2 -= len2;
                if (n2 == 0)
                {
                    Array.Copy(s1Array, s1, ptrArray, ptr, n1);
                    return result;
                }

                s2 += len2;
            }
        }
    }
}
