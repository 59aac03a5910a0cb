using System;
using System.Collections.Generic;
using System.Linq;
using static ModelGen.Fuzzing.Generation.GenContext;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>
    /// MatMul, Gemm, Conv, pooling and the normalisations, with constants of matching dims. Weights are scaled by
    /// 1/sqrt(fan-in) so chains keep their magnitude, and every reduction's length is added to the output's.
    /// </summary>
    internal static class LinearTemplates
    {
        public static GenTensor? MatMul(GenContext c, GenTensor? input)
        {
            Func<GenTensor, bool> fits = t => t.Rank >= 1 && t.IsStatic(t.Rank - 1);
            var a = input ?? c.Pick(fits);
            if (a == null || !fits(a)) return null;
            int k = a.Dims[a.Rank - 1];
            // Another live tensor as the right side, [..., K, N], when one broadcasts over the batch axes.
            var b = a.Rank >= 2 && c.Chance(0.3) ? c.Pick(t => t != a && t.Rank >= 2 && t.IsStatic(t.Rank - 2) && t.Dims[t.Rank - 2] == k && BatchFits(a, t)) : null;
            string right;
            int[] dims;
            string?[] symbols;
            double bBound;
            if (b != null)
            {
                right = b.Name;
                var batch = Broadcast.Shape(a.Dims.Take(a.Rank - 2).ToArray(), a.Symbols.Take(a.Rank - 2).ToArray(), b.Dims.Take(b.Rank - 2).ToArray(), b.Symbols.Take(b.Rank - 2).ToArray())!.Value;
                dims = batch.Dims.Concat(new[] { a.Dims[a.Rank - 2], b.Dims[b.Rank - 1] }).ToArray();
                symbols = batch.Symbols.Concat(new[] { a.Symbols[a.Rank - 2], b.Symbols[b.Rank - 1] }).ToArray();
                bBound = b.Bound;
            }
            else
            {
                int n = c.Int(1, 8);
                right = c.Constant(new[] { k, n }, 0.1 / Math.Sqrt(k), 1 / Math.Sqrt(k));
                dims = a.Dims.Take(a.Rank - 1).Concat(new[] { n }).ToArray();
                symbols = a.Symbols.Take(a.Rank - 1).Concat(new string?[] { null }).ToArray();
                bBound = 1 / Math.Sqrt(k);
            }
            double bound = a.Bound * bBound * k;
            if (bound > MaxBound) return null;
            return c.Node("MatMul", new[] { a.Name, right }, dims, symbols, bound, false, Math.Max(a.Reduction, b?.Reduction ?? 0) + k);
        }

        private static bool BatchFits(GenTensor a, GenTensor b) =>
            Broadcast.Shape(a.Dims.Take(a.Rank - 2).ToArray(), a.Symbols.Take(a.Rank - 2).ToArray(), b.Dims.Take(b.Rank - 2).ToArray(), b.Symbols.Take(b.Rank - 2).ToArray()) != null;

        public static GenTensor? Gemm(GenContext c, GenTensor? input)
        {
            bool transA = c.Chance(0.25);
            Func<GenTensor, bool> fits = t => t.Rank == 2 && t.IsStatic(transA ? 0 : 1) && (!transA || t.AllStatic);
            var a = input ?? c.Pick(fits);
            if (a == null || !fits(a)) return null;
            int m = a.Dims[transA ? 1 : 0], k = a.Dims[transA ? 0 : 1], n = c.Int(1, 8);
            bool transB = c.Chance(0.5);
            float alpha = c.OneOf(1f, 0.5f, 2f), beta = c.OneOf(1f, 0.5f);
            var inputs = new List<string> { a.Name, c.Constant(transB ? new[] { n, k } : new[] { k, n }, 0.1 / Math.Sqrt(k), 1 / Math.Sqrt(k)) };
            int biasKind = c.Int(0, 3);
            if (biasKind == 1) inputs.Add(c.Constant(new[] { n }, 0, 1));
            if (biasKind == 2) inputs.Add(c.Constant(new[] { 1, n }, 0, 1));
            if (biasKind == 3) inputs.Add(a.IsStatic(transA ? 1 : 0) ? c.Constant(new[] { m, n }, 0, 1) : c.Constant(new[] { 1 }, 0, 1));
            var attributes = new List<GenAttribute>();
            if (transA) attributes.Add(A("transA", 1L));
            if (transB) attributes.Add(A("transB", 1L));
            if (alpha != 1) attributes.Add(A("alpha", alpha));
            if (beta != 1 && biasKind > 0) attributes.Add(A("beta", beta));
            double bound = alpha * a.Bound * Math.Sqrt(k) + 1;
            if (bound > MaxBound) return null;
            return c.Node("Gemm", inputs.ToArray(), new[] { m, n }, new[] { a.Symbols[transA ? 1 : 0], null }, bound, false, a.Reduction + k, attributes.ToArray());
        }

        private static bool Spatial(GenTensor t) => (t.Rank == 3 || t.Rank == 4) && Enumerable.Range(1, t.Rank - 1).All(t.IsStatic);

        public static GenTensor? Conv(GenContext c, GenTensor? input)
        {
            var a = input ?? c.Pick(Spatial);
            if (a == null || !Spatial(a)) return null;
            int channels = a.Dims[1], spatial = a.Rank - 2;
            var divisors = Enumerable.Range(1, channels).Where(d => channels % d == 0).ToArray();
            int group = c.Chance(0.6) ? 1 : c.OneOf(divisors);
            int outChannels = group * c.Int(1, group > 1 ? 2 : 4);
            var kernel = new long[spatial];
            var strides = new long[spatial];
            var dilations = new long[spatial];
            var pads = new long[2 * spatial];
            var outDims = new int[spatial];
            for (int s = 0; s < spatial; s++)
            {
                int size = a.Dims[2 + s];
                dilations[s] = c.Chance(0.2) ? 2 : 1;
                kernel[s] = c.Int(1, 3);
                strides[s] = c.Chance(0.3) ? 2 : 1;
                pads[s] = c.Int(0, (int)kernel[s] - 1);
                pads[s + spatial] = c.Int(0, (int)kernel[s] - 1);
                long extent = (kernel[s] - 1) * dilations[s] + 1;
                long padded = size + pads[s] + pads[s + spatial];
                if (padded < extent) { kernel[s] = 1; dilations[s] = 1; extent = 1; }
                outDims[s] = (int)((padded - extent) / strides[s] + 1);
            }
            int fanIn = channels / group * (int)kernel.Aggregate(1L, (x, y) => x * y);
            var weightDims = new[] { outChannels, channels / group }.Concat(kernel.Select(k => (int)k)).ToArray();
            var inputs = new List<string> { a.Name, c.Constant(weightDims, 0.1 / Math.Sqrt(fanIn), 1 / Math.Sqrt(fanIn)) };
            if (c.Chance(0.6)) inputs.Add(c.Constant(new[] { outChannels }, 0, 0.5));
            var attributes = new List<GenAttribute>();
            if (c.Chance(0.8)) attributes.Add(A("kernel_shape", kernel));
            if (strides.Any(s => s != 1)) attributes.Add(A("strides", strides));
            if (dilations.Any(d => d != 1)) attributes.Add(A("dilations", dilations));
            if (pads.Any(p => p != 0)) attributes.Add(A("pads", pads));
            if (group != 1) attributes.Add(A("group", (long)group));
            double bound = a.Bound * Math.Sqrt(fanIn) + 0.5;
            if (bound > MaxBound) return null;
            var dims = new[] { a.Dims[0], outChannels }.Concat(outDims).ToArray();
            var symbols = new[] { a.Symbols[0], null }.Concat(new string?[spatial]).ToArray();
            return c.Node("Conv", inputs.ToArray(), dims, symbols, bound, false, a.Reduction + fanIn, attributes.ToArray());
        }

        public static GenTensor? Pool(GenContext c, GenTensor? input, string op)
        {
            var a = input ?? c.Pick(Spatial);
            if (a == null || !Spatial(a)) return null;
            int spatial = a.Rank - 2;
            if (op == "GlobalAveragePool" || op == "GlobalMaxPool")
            {
                int area = a.Dims.Skip(2).Aggregate(1, (x, y) => x * y);
                var gdims = a.Dims.Take(2).Concat(Enumerable.Repeat(1, spatial)).ToArray();
                return c.Node(op, new[] { a.Name }, gdims, a.Symbols, a.Bound, op == "GlobalMaxPool" && a.Exact, a.Reduction + area);
            }
            var kernel = new long[spatial];
            var strides = new long[spatial];
            var pads = new long[2 * spatial];
            var outDims = new int[spatial];
            for (int s = 0; s < spatial; s++)
            {
                int size = a.Dims[2 + s];
                kernel[s] = Math.Min(size, c.Int(1, 3));
                strides[s] = c.Int(1, 2);
                pads[s] = c.Int(0, (int)kernel[s] - 1);
                pads[s + spatial] = c.Int(0, (int)kernel[s] - 1);
                outDims[s] = (int)((size + pads[s] + pads[s + spatial] - kernel[s]) / strides[s] + 1);
            }
            var attributes = new List<GenAttribute> { A("kernel_shape", kernel) };
            if (strides.Any(s => s != 1)) attributes.Add(A("strides", strides));
            if (pads.Any(p => p != 0)) attributes.Add(A("pads", pads));
            if (op == "AveragePool" && c.Chance(0.5)) attributes.Add(A("count_include_pad", 1L));
            var dims = a.Dims.Take(2).Concat(outDims).ToArray();
            int window = (int)kernel.Aggregate(1L, (x, y) => x * y);
            return c.Node(op, new[] { a.Name }, dims, a.Symbols.Take(2).Concat(new string?[spatial]).ToArray(), a.Bound, op == "MaxPool" && a.Exact,
                a.Reduction + window, attributes.ToArray());
        }

        public static GenTensor? BatchNormalization(GenContext c, GenTensor? input)
        {
            Func<GenTensor, bool> fits = t => t.Rank >= 2 && t.IsStatic(1);
            var a = input ?? c.Pick(fits);
            if (a == null || !fits(a)) return null;
            int ch = a.Dims[1];
            var inputs = new[]
            {
                a.Name, c.Constant(new[] { ch }, 0.5, 1.5), c.Constant(new[] { ch }, 0, 1), c.Constant(new[] { ch }, 0, 1), c.Constant(new[] { ch }, 0.5, 2, signed: false),
            };
            double bound = (a.Bound + 1) * 1.5 / Math.Sqrt(0.5) + 1;
            if (bound > MaxBound) return null;
            return c.Same("BatchNormalization", inputs, a, bound, false, a.Reduction, A("epsilon", c.OneOf(1e-5f, 1e-3f)));
        }

        public static GenTensor? LayerNormalization(GenContext c, GenTensor? input)
        {
            var a = input ?? c.Pick(t => t.Rank >= 1 && t.IsStatic(t.Rank - 1));
            if (a == null || a.Rank == 0 || !a.IsStatic(a.Rank - 1)) return null;
            int first = a.Rank - 1;
            while (first > 0 && a.IsStatic(first - 1) && c.Chance(0.4)) first--;
            var normDims = a.Dims.Skip(first).ToArray();
            int n = normDims.Aggregate(1, (x, y) => x * y);
            var inputs = new List<string> { a.Name, c.Constant(normDims, 0.5, 1.5) };
            if (c.Chance(0.6)) inputs.Add(c.Constant(normDims, 0, 0.5));
            long axis = c.Chance(0.5) ? first : first - a.Rank;
            return c.Same("LayerNormalization", inputs.ToArray(), a, 1.5 * Math.Sqrt(n) + 0.5, false, a.Reduction + n,
                A("axis", axis), A("epsilon", c.OneOf(1e-5f, 1e-3f)));
        }

        public static GenTensor? Softmax(GenContext c, GenTensor? input, string op)
        {
            var a = input ?? c.Pick(t => t.Rank >= 1);
            if (a == null || a.Rank == 0) return null;
            int axis = c.Int(0, a.Rank - 1);
            int n = a.Dims[axis];
            double bound = op == "Softmax" ? 1 : 2 * a.Bound + Math.Log(n) + 1;
            if (bound > MaxBound) return null;
            return c.Same(op, new[] { a.Name }, a, bound, false, a.Reduction + n, A("axis", (long)(c.Chance(0.5) ? axis : axis - a.Rank)));
        }
    }
}
