using System;
using System.Collections.Generic;
using System.Linq;
using static ModelGen.Fuzzing.Generation.GenContext;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>Reductions and the data-movement ops (views, Concat, Slice, Gather, Split), each with static parameters.</summary>
    internal static class DataTemplates
    {
        public static GenTensor? Reduce(GenContext c, GenTensor? input, string op)
        {
            var a = input ?? c.Pick(t => t.Rank >= 1);
            if (a == null || a.Rank == 0) return null;
            var axes = Enumerable.Range(0, a.Rank).Where(_ => c.Chance(0.5)).ToList();
            if (axes.Count == 0) axes.Add(c.Int(0, a.Rank - 1));
            bool all = axes.Count == a.Rank && c.Chance(0.5);
            bool keep = c.Chance(0.5);
            int n = axes.Aggregate(1, (x, ax) => x * a.Dims[ax]);
            double b = a.Bound;
            double bound = op switch
            {
                "ReduceSum" or "ReduceL1" => n * b,
                "ReduceSumSquare" => n * b * b,
                "ReduceL2" => Math.Sqrt(n) * b,
                "ReduceLogSumExp" => b + Math.Log(n) + 1,
                "ReduceProd" => Math.Pow(Math.Max(1, b), n),
                _ => b,
            };
            if (bound > MaxBound || (op == "ReduceLogSumExp" && b > 20)) return null;
            var dims = new List<int>();
            var symbols = new List<string?>();
            for (int i = 0; i < a.Rank; i++)
            {
                if (!axes.Contains(i)) { dims.Add(a.Dims[i]); symbols.Add(a.Symbols[i]); }
                else if (keep) { dims.Add(1); symbols.Add(null); }
            }
            var written = axes.Select(ax => (long)(c.Chance(0.3) ? ax - a.Rank : ax)).ToArray();
            var inputs = new List<string> { a.Name };
            var attributes = new List<GenAttribute> { A("keepdims", keep ? 1L : 0L) };
            bool axesAsInput = op == "ReduceSum" || c.Opset >= 18;
            if (!all)
            {
                if (axesAsInput) inputs.Add(c.Longs(written));
                else attributes.Add(A("axes", written));
            }
            bool exact = (op == "ReduceMax" || op == "ReduceMin") && a.Exact;
            return c.Node(op, inputs.ToArray(), dims.ToArray(), symbols.ToArray(), bound, exact, a.Reduction + n, attributes.ToArray());
        }

        public static GenTensor? Transpose(GenContext c, GenTensor? input, bool pair)
        {
            var a = input ?? c.Pick(t => t.Rank >= 2);
            if (a == null || a.Rank < 2) return null;
            var perm = Enumerable.Range(0, a.Rank).OrderBy(_ => c.Random.Next()).ToArray();
            if (perm.SequenceEqual(Enumerable.Range(0, a.Rank))) perm = perm.Reverse().ToArray();
            bool omit = !pair && c.Chance(0.15);
            if (omit) perm = Enumerable.Range(0, a.Rank).Reverse().ToArray();
            var t = Permute(c, a, perm, omit);
            if (!pair) return t;
            // The inverse (a pair the optimizer should cancel) or another permutation (a pair it should compose).
            var second = c.Chance(0.6) ? Inverse(perm) : Enumerable.Range(0, a.Rank).OrderBy(_ => c.Random.Next()).ToArray();
            return Permute(c, t, second, false);
        }

        private static GenTensor Permute(GenContext c, GenTensor a, int[] perm, bool omit) =>
            c.Node("Transpose", new[] { a.Name }, perm.Select(p => a.Dims[p]).ToArray(), perm.Select(p => a.Symbols[p]).ToArray(), a.Bound, a.Exact, a.Reduction,
                omit ? Array.Empty<GenAttribute>() : new[] { A("perm", perm.Select(p => (long)p).ToArray()) });

        private static int[] Inverse(int[] perm)
        {
            var inv = new int[perm.Length];
            for (int i = 0; i < perm.Length; i++) inv[perm[i]] = i;
            return inv;
        }

        /// <summary>Reshape to a random factorisation of the element count; a symbolic leading axis is kept with 0.</summary>
        public static GenTensor? Reshape(GenContext c, GenTensor? input)
        {
            Func<GenTensor, bool> fits = t => Enumerable.Range(1, Math.Max(0, t.Rank - 1)).All(t.IsStatic);
            var a = input ?? c.Pick(fits);
            if (a == null || !fits(a)) return null;
            bool keepLead = a.Rank > 0 && (!a.IsStatic(0) || c.Chance(0.2));
            long rest = keepLead ? a.Dims.Skip(1).Aggregate(1L, (x, y) => x * y) : a.Count;
            var factors = Factor(c, rest, c.Int(keepLead ? 0 : 1, 3));
            var written = factors.Select(f => (long)f).ToList();
            if (written.Count > 0 && c.Chance(0.3)) written[c.Int(0, written.Count - 1)] = -1;
            var dims = factors.ToList();
            var symbols = Enumerable.Repeat<string?>(null, dims.Count).ToList();
            if (keepLead)
            {
                written.Insert(0, 0);
                dims.Insert(0, a.Dims[0]);
                symbols.Insert(0, a.Symbols[0]);
            }
            if (written.Count == 0) return null;
            return c.Node("Reshape", new[] { a.Name, c.Longs(written.ToArray()) }, dims.ToArray(), symbols.ToArray(), a.Bound, a.Exact, a.Reduction);
        }

        private static List<int> Factor(GenContext c, long count, int rank)
        {
            var factors = new List<int>();
            long left = count;
            for (int i = 0; i < rank - 1; i++)
            {
                var divisors = Enumerable.Range(1, (int)left).Where(d => left % d == 0).ToArray();
                int f = c.OneOf(divisors);
                factors.Add(f);
                left /= f;
            }
            if (rank > 0) factors.Add((int)left);
            return rank == 0 && count != 1 ? new List<int> { (int)count } : factors;
        }

        public static GenTensor? Flatten(GenContext c, GenTensor? input)
        {
            Func<GenTensor, bool> fits = t => t.Rank >= 1 && Enumerable.Range(1, t.Rank - 1).All(t.IsStatic);
            var a = input ?? c.Pick(fits);
            if (a == null || !fits(a)) return null;
            int axis = a.AllStatic ? c.Int(0, a.Rank) : 1;
            int lead = a.Dims.Take(axis).Aggregate(1, (x, y) => x * y), tail = a.Dims.Skip(axis).Aggregate(1, (x, y) => x * y);
            string? symbol = axis == 1 ? a.Symbols[0] : null;
            return c.Node("Flatten", new[] { a.Name }, new[] { lead, tail }, new[] { symbol, null }, a.Bound, a.Exact, a.Reduction, A("axis", (long)axis));
        }

        public static GenTensor? SqueezeOrUnsqueeze(GenContext c, GenTensor? input)
        {
            var a = input ?? c.Pick(t => true);
            if (a == null) return null;
            var ones = Enumerable.Range(0, a.Rank).Where(i => a.IsStatic(i) && a.Dims[i] == 1).ToList();
            if (ones.Count > 0 && c.Chance(0.5))
            {
                var axes = ones.Where(_ => c.Chance(0.6)).ToList();
                if (axes.Count == 0) axes.Add(ones[0]);
                var keep = Enumerable.Range(0, a.Rank).Where(i => !axes.Contains(i)).ToArray();
                var inputs = new List<string> { a.Name };
                bool allOnes = axes.Count == ones.Count && a.AllStatic;
                if (!(allOnes && c.Chance(0.3))) inputs.Add(c.Longs(axes.Select(ax => (long)(c.Chance(0.3) ? ax - a.Rank : ax)).ToArray()));
                return c.Node("Squeeze", inputs.ToArray(), keep.Select(i => a.Dims[i]).ToArray(), keep.Select(i => a.Symbols[i]).ToArray(), a.Bound, a.Exact, a.Reduction);
            }
            if (a.Rank >= 5) return null;
            int added = c.Int(1, Math.Min(2, 5 - a.Rank));
            int outRank = a.Rank + added;
            var newAxes = Enumerable.Range(0, outRank).OrderBy(_ => c.Random.Next()).Take(added).ToList();
            var dims = new List<int>();
            var symbols = new List<string?>();
            int k = 0;
            for (int i = 0; i < outRank; i++)
            {
                if (newAxes.Contains(i)) { dims.Add(1); symbols.Add(null); }
                else { dims.Add(a.Dims[k]); symbols.Add(a.Symbols[k]); k++; }
            }
            var axesInput = c.Longs(newAxes.Select(ax => (long)(c.Chance(0.3) ? ax - outRank : ax)).ToArray());
            return c.Node("Unsqueeze", new[] { a.Name, axesInput }, dims.ToArray(), symbols.ToArray(), a.Bound, a.Exact, a.Reduction);
        }

        public static GenTensor? Concat(GenContext c, GenTensor? input)
        {
            var a = input ?? c.Pick(t => t.Rank >= 1);
            if (a == null || a.Rank == 0) return null;
            var axes = Enumerable.Range(0, a.Rank).Where(a.IsStatic).ToList();
            if (axes.Count == 0) return null;
            int axis = c.OneOf(axes.ToArray());
            var parts = new List<GenTensor> { a };
            int partners = c.Int(1, 2);
            for (int p = 0; p < partners; p++)
            {
                var other = c.Chance(0.6) ? c.Pick(t => t.Rank == a.Rank && Enumerable.Range(0, a.Rank).All(i => i == axis ? t.IsStatic(i) : t.Dims[i] == a.Dims[i] && t.Symbols[i] == a.Symbols[i])) : null;
                parts.Add(other ?? a);
            }
            var names = parts.Select(t => t.Name).ToList();
            int length = parts.Sum(t => t.Dims[axis]);
            if (a.AllStatic && c.Chance(0.4))
            {
                // A constant block: what a padding or a positional table looks like.
                int extra = c.Int(1, 3);
                var dimsC = a.Dims.ToArray();
                dimsC[axis] = extra;
                names.Insert(c.Int(0, names.Count), c.Constant(dimsC, 0, 1));
                length += extra;
            }
            var dims = a.Dims.ToArray();
            dims[axis] = length;
            return c.Node("Concat", names.ToArray(), dims, a.Symbols, parts.Max(t => t.Bound), parts.All(t => t.Exact), parts.Max(t => t.Reduction),
                A("axis", (long)(c.Chance(0.3) ? axis - a.Rank : axis)));
        }

        public static GenTensor? Slice(GenContext c, GenTensor? input) => SliceAlong(c, input, null);

        /// <summary>Slice with static starts/ends/axes/steps; <paramref name="onlyAxis"/> slices that axis alone (for the Concat pattern).</summary>
        public static GenTensor? SliceAlong(GenContext c, GenTensor? input, int? onlyAxis)
        {
            var a = input ?? c.Pick(t => t.Rank >= 1 && Enumerable.Range(0, t.Rank).Any(t.IsStatic));
            if (a == null) return null;
            var candidates = onlyAxis != null ? new List<int> { onlyAxis.Value } : Enumerable.Range(0, a.Rank).Where(a.IsStatic).ToList();
            if (candidates.Count == 0) return null;
            var axes = candidates.Where(_ => c.Chance(0.5)).ToList();
            if (axes.Count == 0) axes.Add(c.OneOf(candidates.ToArray()));
            var dims = a.Dims.ToArray();
            var starts = new List<long>();
            var ends = new List<long>();
            var steps = new List<long>();
            foreach (int ax in axes)
            {
                int d = a.Dims[ax];
                long step = onlyAxis == null && c.Chance(0.25) ? -c.Int(1, 2) : onlyAxis == null && c.Chance(0.2) ? 2 : 1;
                if (step > 0)
                {
                    int s = c.Int(0, d - 1), e = c.Int(s + 1, d);
                    starts.Add(c.Chance(0.3) ? s - d : s);
                    ends.Add(e == d && c.Chance(0.3) ? long.MaxValue : c.Chance(0.3) && e < d ? e - d : e);
                    dims[ax] = (int)((e - s + step - 1) / step);
                }
                else
                {
                    int s = c.Int(0, d - 1), e = c.Int(-1, s - 1);
                    starts.Add(s);
                    ends.Add(e == -1 ? -(long)d - 1 : e);
                    dims[ax] = (int)((s - e + (-step) - 1) / -step);
                }
                steps.Add(step);
            }
            var inputs = new List<string> { a.Name, c.Longs(starts.ToArray()), c.Longs(ends.ToArray()) };
            bool plainAxes = axes.SequenceEqual(Enumerable.Range(0, axes.Count)) && axes.Count == a.Rank;
            bool unitSteps = steps.All(s => s == 1);
            // steps is the fifth input: writing it needs axes written too.
            bool writeSteps = !unitSteps || c.Chance(0.3);
            if (!plainAxes || writeSteps || c.Chance(0.5)) inputs.Add(c.Longs(axes.Select(ax => (long)(c.Chance(0.3) ? ax - a.Rank : ax)).ToArray()));
            if (writeSteps) inputs.Add(c.Longs(steps.ToArray()));
            return c.Node("Slice", inputs.ToArray(), dims, a.Symbols, a.Bound, a.Exact, a.Reduction);
        }

        public static GenTensor? Gather(GenContext c, GenTensor? input)
        {
            var a = input ?? c.Pick(t => t.Rank >= 1 && Enumerable.Range(0, t.Rank).Any(t.IsStatic));
            if (a == null) return null;
            var axes = Enumerable.Range(0, a.Rank).Where(a.IsStatic).ToArray();
            if (axes.Length == 0) return null;
            int axis = c.OneOf(axes), d = a.Dims[axis];
            int indexRank = c.Int(0, 2);
            var indexDims = Enumerable.Range(0, indexRank).Select(_ => c.Int(1, 3)).ToArray();
            int count = indexDims.Aggregate(1, (x, y) => x * y);
            var indices = Enumerable.Range(0, count).Select(_ => (long)c.Int(-d, d - 1)).ToArray();
            var dims = a.Dims.Take(axis).Concat(indexDims).Concat(a.Dims.Skip(axis + 1)).ToArray();
            var symbols = a.Symbols.Take(axis).Concat(new string?[indexRank]).Concat(a.Symbols.Skip(axis + 1)).ToArray();
            return c.Node("Gather", new[] { a.Name, c.LongsShaped(indexDims, indices) }, dims, symbols, a.Bound, a.Exact, a.Reduction,
                A("axis", (long)(c.Chance(0.3) ? axis - a.Rank : axis)));
        }

        public static GenTensor? Split(GenContext c, GenTensor? input)
        {
            var a = input ?? c.Pick(t => Enumerable.Range(0, t.Rank).Any(i => t.IsStatic(i) && t.Dims[i] >= 2));
            if (a == null) return null;
            var axes = Enumerable.Range(0, a.Rank).Where(i => a.IsStatic(i) && a.Dims[i] >= 2).ToArray();
            if (axes.Length == 0) return null;
            int axis = c.OneOf(axes), d = a.Dims[axis];
            int parts = c.Int(2, Math.Min(3, d));
            var sizes = new List<int>();
            int left = d;
            for (int p = 0; p < parts - 1; p++)
            {
                int s = c.Int(1, left - (parts - 1 - p));
                sizes.Add(s);
                left -= s;
            }
            sizes.Add(left);
            var outputs = sizes.Select(s =>
            {
                var dims = a.Dims.ToArray();
                dims[axis] = s;
                return (dims, a.Symbols);
            }).ToArray();
            var made = c.NodeMany("Split", new[] { a.Name, c.Longs(sizes.Select(s => (long)s).ToArray()) }, outputs, a.Bound, a.Exact, a.Reduction,
                A("axis", (long)axis));
            return made[c.Int(0, made.Length - 1)];
        }
    }
}
