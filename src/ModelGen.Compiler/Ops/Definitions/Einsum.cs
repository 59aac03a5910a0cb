using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>Each label's extent (output labels first), how many are the output's, and each operand's stride per label.</summary>
    internal sealed record EinsumPlan(ValueList<Dim> Sizes, int OutputLabels, ValueList<ValueList<Dim>> Strides) : OpPlan;

    /// <summary>
    /// ONNX Einsum with one or two operands: any equation with an explicit or implicit ('->' omitted: the
    /// ellipsis dims, then the letters seen once, alphabetically) output, '...' (broadcast, right-aligned),
    /// repeated letters in an operand (diagonals) and summed letters. Computed by loops over the label space in
    /// double. Spec: https://onnx.ai/onnx/operators/onnx__Einsum.html
    /// </summary>
    internal sealed class Einsum : Op<EinsumPlan>
    {
        private static readonly Attr<string> Equation = Attr.String("equation", "").Required();

        public override OpSchema Schema { get; } = new OpSchema("Einsum", new[] { 12 })
            .Input("Inputs", "T", variadic: true).Output("Output", "T").Types("T", TypeSets.Numeric).WithAttributes(Equation);

        public override string Summary => "one or two operands; explicit or implicit output, ellipsis, diagonals, summed labels; loops in double.";

        protected override EinsumPlan? Infer(InferContext c)
        {
            string eq = new string(c.Get(Equation).Where(ch => ch != ' ').ToArray());
            int n = c.InputCount;
            if (n < 1 || n > 2) return c.Reject<EinsumPlan>(DiagnosticIds.UnsupportedAttribute, "Einsum with " + n + " operands is not supported (one or two).");
            int arrow = eq.IndexOf("->", System.StringComparison.Ordinal);
            var lhs = (arrow >= 0 ? eq.Substring(0, arrow) : eq).Split(',');
            if (lhs.Length != n) return c.Reject<EinsumPlan>(DiagnosticIds.UnsupportedAttribute, "equation '" + eq + "' names " + lhs.Length + " operands; the node has " + n + ".");
            // Ellipsis dims are labels "0", "1", ... numbered from the right-aligned broadcast position.
            var terms = new List<List<string>>();
            int ellipsisRank = 0;
            for (int i = 0; i < n; i++)
            {
                var x = c.InShape(i);
                var t = Parse(lhs[i], x.Rank, out int er);
                if (t == null) return c.Reject<EinsumPlan>(DiagnosticIds.UnsupportedAttribute, "term '" + lhs[i] + "' does not fit operand " + i + " of rank " + x.Rank + ".");
                terms.Add(t);
                ellipsisRank = System.Math.Max(ellipsisRank, er);
            }
            // Re-number each operand's ellipsis labels right-aligned to the widest ellipsis.
            for (int i = 0; i < n; i++)
            {
                int er = terms[i].Count(l => l[0] == '#');
                int k = ellipsisRank - er;
                for (int j = 0; j < terms[i].Count; j++) if (terms[i][j][0] == '#') terms[i][j] = "#" + (k++).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
            }
            List<string> output;
            if (arrow >= 0)
            {
                var o = Parse(eq.Substring(arrow + 2), -1, out int oer, ellipsisRank);
                if (o == null || o.Distinct().Count() != o.Count) return c.Reject<EinsumPlan>(DiagnosticIds.UnsupportedAttribute, "the output term of '" + eq + "' is malformed.");
                output = o;
            }
            else
            {
                var all = terms.SelectMany(t => t).ToList();
                output = Enumerable.Range(0, ellipsisRank).Select(k => "#" + k.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))
                    .Concat(all.Where(l => l[0] != '#').GroupBy(l => l).Where(g => g.Count() == 1).Select(g => g.Key).OrderBy(l => l, System.StringComparer.Ordinal)).ToList();
            }
            var labels = output.Concat(terms.SelectMany(t => t).Distinct().Where(l => !output.Contains(l)).OrderBy(l => l, System.StringComparer.Ordinal)).ToList();
            foreach (var l in output)
                if (!terms.Any(t => t.Contains(l)) && l[0] != '#') return c.Reject<EinsumPlan>(DiagnosticIds.UnsupportedAttribute, "output label '" + l + "' is in no operand.");
            // Extents: every non-1 occurrence must agree; size-1 occurrences broadcast (stride 0).
            var sizes = labels.Select(_ => Dim.One).ToArray();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < terms[i].Count; j++)
                {
                    int l = labels.IndexOf(terms[i][j]);
                    var d = c.InShape(i)[j];
                    if (d.Equals(Dim.One) || d.Equals(sizes[l])) continue;
                    if (!sizes[l].Equals(Dim.One)) return c.Reject<EinsumPlan>(DiagnosticIds.ShapeMismatch, "label '" + terms[i][j] + "' has extents " + sizes[l] + " and " + d + ".");
                    sizes[l] = d;
                }
            var strides = new List<ValueList<Dim>>();
            for (int i = 0; i < n; i++)
            {
                var x = c.InShape(i);
                var s = labels.Select(_ => Dim.Zero).ToArray();
                for (int j = 0; j < terms[i].Count; j++)
                {
                    int l = labels.IndexOf(terms[i][j]);
                    if (x[j].Equals(Dim.One) && !sizes[l].Equals(Dim.One)) continue;
                    s[l] = s[l] + x.Product(j + 1, x.Rank);
                }
                strides.Add(s.ToValueList());
            }
            c.SetOutput(0, new Shape(output.Select(l => sizes[labels.IndexOf(l)])));
            return new EinsumPlan(sizes.ToValueList(), output.Count, strides.ToValueList());
        }

        /// <summary>A term's labels, '...' as <paramref name="knownEllipsis"/> (or rank - letters) labels "#k"; null when malformed.</summary>
        private static List<string>? Parse(string term, int rank, out int ellipsisRank, int knownEllipsis = -1)
        {
            ellipsisRank = 0;
            int dots = term.IndexOf("...", System.StringComparison.Ordinal);
            string letters = dots >= 0 ? term.Remove(dots, 3) : term;
            if (letters.Any(ch => !char.IsLetter(ch))) return null;
            if (dots >= 0)
            {
                ellipsisRank = knownEllipsis >= 0 ? knownEllipsis : rank - letters.Length;
                if (ellipsisRank < 0) return null;
            }
            else if (rank >= 0 && letters.Length != rank) return null;
            var result = new List<string>();
            for (int i = 0; i < term.Length; i++)
            {
                if (i == dots)
                {
                    for (int k = 0; k < ellipsisRank; k++) result.Add(knownEllipsis >= 0 ? "#" + k.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) : "#");
                    i += 2;
                }
                else result.Add(term[i].ToString());
            }
            return result;
        }

        protected override void Lower(LowerContext c, EinsumPlan p)
        {
            var call = p.Strides.Count == 1
                ? c.Call("einsum.unary", c.InType(0)).In("a", c.In(0))
                : c.Call("einsum.binary", c.InType(0)).In("a", c.In(0)).In("b", c.In(1));
            call.Out("y", c.Out(0)).Dims("sizes", p.Sizes).Integer("outputLabels", ElementType.Int32, p.OutputLabels).Dims("aStrides", p.Strides[0]);
            if (p.Strides.Count == 2) call.Dims("bStrides", p.Strides[1]);
            call.Emit();
        }
    }
}
