using System.Linq;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>Chains of ops in the shapes the optimizer's rewrites look for; each link is a single-op template.</summary>
    internal static class PatternTemplates
    {
        public static GenTensor? ConvBnRelu(GenContext c)
        {
            var conv = LinearTemplates.Conv(c, null);
            if (conv == null) return null;
            var bn = c.Chance(0.8) ? LinearTemplates.BatchNormalization(c, conv) ?? conv : conv;
            string activation = c.OneOf("Relu", "Relu", "LeakyRelu", "Sigmoid", "HardSwish");
            if (activation == "HardSwish" && c.Opset < 14) activation = "Relu"; // HardSwish is opset 14
            return c.Chance(0.8) ? ElementwiseTemplates.Unary(c, bn, activation) : bn;
        }

        public static GenTensor? MatMulAddActivation(GenContext c)
        {
            var mm = c.Chance(0.7) ? LinearTemplates.MatMul(c, null) : LinearTemplates.Gemm(c, null);
            if (mm == null || !mm.IsStatic(mm.Rank - 1)) return mm;
            int n = mm.Dims[mm.Rank - 1];
            var bias = c.Constant(c.Chance(0.8) ? new[] { n } : new[] { 1, n }.Skip(2 - System.Math.Min(2, mm.Rank)).ToArray(), 0, 1);
            var added = c.Node("Add", c.Chance(0.7) ? new[] { mm.Name, bias } : new[] { bias, mm.Name },
                Broadcast.Shape(mm.Dims, mm.Symbols, new[] { n }, new string?[1])!.Value.Dims, mm.Symbols, mm.Bound + 1, false, mm.Reduction);
            return c.Chance(0.8) ? ElementwiseTemplates.Unary(c, added, c.OneOf("Relu", "Sigmoid", "Tanh")) : added;
        }

        public static GenTensor? AddReluChain(GenContext c)
        {
            var t = c.Pick(x => x.Bound <= 100);
            if (t == null) return null;
            int links = c.Int(1, 3);
            for (int i = 0; i < links && t != null; i++)
            {
                var sum = ElementwiseTemplates.Binary(c, t, c.Chance(0.7) ? "Add" : "Mul");
                if (sum == null) break;
                t = ElementwiseTemplates.Unary(c, sum, "Relu");
            }
            return t;
        }

        /// <summary>Two slices of one tensor along an axis, a pointwise op on one of them, concatenated back.</summary>
        public static GenTensor? SliceMapConcat(GenContext c)
        {
            var a = c.Pick(t => t.Rank >= 1 && Enumerable.Range(0, t.Rank).Any(i => t.IsStatic(i) && t.Dims[i] >= 2));
            if (a == null) return null;
            var axes = Enumerable.Range(0, a.Rank).Where(i => a.IsStatic(i) && a.Dims[i] >= 2).ToArray();
            int axis = c.OneOf(axes);
            var left = DataTemplates.SliceAlong(c, a, axis);
            var right = DataTemplates.SliceAlong(c, a, axis);
            if (left == null || right == null) return null;
            var mapped = ElementwiseTemplates.Unary(c, right, c.OneOf("Relu", "Sigmoid", "Tanh", "Neg")) ?? right;
            if (!Enumerable.Range(0, a.Rank).All(i => i == axis || left.Dims[i] == mapped.Dims[i])) return mapped;
            var dims = left.Dims.ToArray();
            dims[axis] = left.Dims[axis] + mapped.Dims[axis];
            return c.Node("Concat", new[] { left.Name, mapped.Name }, dims, a.Symbols, System.Math.Max(left.Bound, mapped.Bound), left.Exact && mapped.Exact,
                a.Reduction, GenContext.A("axis", (long)axis));
        }

        /// <summary>A pointwise expression reduced: x*x summed (an L2 norm written out), exp then mean, a difference's max.</summary>
        public static GenTensor? PointwiseReduce(GenContext c)
        {
            var a = c.Pick(t => t.Rank >= 1 && t.Bound <= 5);
            if (a == null) return null;
            int kind = c.Int(0, 2);
            if (kind == 0)
            {
                var square = c.Same("Mul", new[] { a.Name, a.Name }, a, a.Bound * a.Bound, false, a.Reduction);
                var sum = DataTemplates.Reduce(c, square, "ReduceSum");
                return sum == null ? square : ElementwiseTemplates.Unary(c, sum, "Sqrt");
            }
            if (kind == 1)
            {
                var e = ElementwiseTemplates.Unary(c, a, "Exp");
                return e == null ? null : DataTemplates.Reduce(c, e, "ReduceMean");
            }
            var diff = ElementwiseTemplates.Binary(c, a, "Sub");
            return diff == null ? null : DataTemplates.Reduce(c, diff, "ReduceMax");
        }
    }
}
