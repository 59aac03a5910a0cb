using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Patterns
{
    /// <summary>
    /// The parts LayerNorm and RMSNorm exports share: the mean-of-squares ReduceMean plus ε, and the division of the
    /// numerator by its square root, spelled in the ways exporters write it.
    /// </summary>
    internal static class NormalizationForms
    {
        /// <summary>Pow(v, 2) or Mul(v, v): the node that squares <paramref name="v"/>, when <paramref name="node"/> is one.</summary>
        public static bool IsSquareOf(Node node, Value v)
        {
            if (node.Domain.Length != 0 || node.Inputs.Count != 2) return false;
            if (node.OpType == "Pow") return node.Inputs[0] == v && Pattern.IsScalar(node.Inputs[1], 2);
            return node.OpType == "Mul" && node.Inputs[0] == v && node.Inputs[1] == v;
        }

        /// <summary>
        /// From the mean of squares <paramref name="meanSquare"/>: Add(meanSquare, ε) with ε a build-time scalar in
        /// [0, 1); adds the Add to the match and gives ε. Null otherwise.
        /// </summary>
        public static Node? PlusEpsilon(Pattern p, Value meanSquare, out double epsilon)
        {
            epsilon = 0;
            var add = p.OnlyReader(meanSquare, "Add");
            if (add == null) return null;
            var eps = Pattern.ScalarOf(Pattern.Other(add, meanSquare));
            if (eps == null || !(eps.Value >= 0 && eps.Value < 1)) return null;
            epsilon = eps.Value;
            return p.Add(add);
        }

        /// <summary>
        /// The numerator over the square root of <paramref name="variance"/>:
        /// // Div(n, Sqrt(v)), Div(n, Pow(v, 0.5)), Mul(n, Reciprocal(Sqrt(v))), Mul(n, Div(1, Sqrt(v)))  (Mul either way round)
        /// Adds the nodes to the match and returns the node that divides <paramref name="numerator"/>; null otherwise.
        /// </summary>
        public static Node? OverRoot(Pattern p, Value variance, Value numerator)
        {
            var root = p.OnlyReader(variance, "Sqrt");
            if (root == null)
            {
                root = p.OnlyReader(variance, "Pow");
                if (root == null || root.Inputs[0] != variance || !Pattern.IsScalar(root.Input(1), 0.5)) return null;
            }
            var std = root.Output(0)!;
            var div = p.OnlyReader(std, "Div");
            if (div != null && div.Inputs[0] == numerator && div.Inputs[1] == std)
            {
                p.Add(root);
                return p.Add(div);
            }
            Node? inverse = p.OnlyReader(std, "Reciprocal");
            if (inverse == null)
            {
                inverse = p.OnlyReader(std, "Div");
                if (inverse == null || inverse.Inputs[1] != std || !Pattern.IsScalar(inverse.Inputs[0], 1)) return null;
            }
            var mul = p.OnlyReader(inverse.Output(0), "Mul");
            if (mul == null || Pattern.Other(mul, inverse.Output(0)!) != numerator) return null;
            p.Add(root);
            p.Add(inverse);
            return p.Add(mul);
        }

        /// <summary>
        /// The optional affine tail after the normalised value: Mul by a weight-like scale, then Add of a weight-like
        /// bias (each either way round), each taken only when its result keeps <paramref name="x"/>'s type and shape.
        /// </summary>
        public static Value Affine(Pattern p, Value normalized, Value x, bool withBias, out Value? scale, out Value? bias)
        {
            scale = null;
            bias = null;
            var result = normalized;
            var mul = p.OnlyReader(result, "Mul");
            var s = mul != null ? Pattern.Other(mul, result) : null;
            if (mul != null && s != null && s != result && s.IsWeightLike && Pattern.SameTypeAndShape(mul.Output(0)!, x))
            {
                p.Add(mul);
                scale = s;
                result = mul.Output(0)!;
            }
            if (!withBias) return result;
            var add = p.OnlyReader(result, "Add");
            var b = add != null ? Pattern.Other(add, result) : null;
            if (add != null && b != null && b != result && b.IsWeightLike && Pattern.SameTypeAndShape(add.Output(0)!, x))
            {
                p.Add(add);
                bias = b;
                result = add.Output(0)!;
            }
            return result;
        }
    }
}
