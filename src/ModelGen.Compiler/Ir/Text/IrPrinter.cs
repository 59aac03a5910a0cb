using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// The stable text form of the IR, which <see cref="IrParser"/> reads back:
    /// <code>
    /// graph fold(%x: float[N,3]) opset 13 {
    ///   init %w: float[4,3] = @file(1234, 48)
    ///   const %target: int64[2] = [N, -1]
    ///   %y: float[N,3] = Relu(%x) @act
    ///   %r: float[5] = If(%cond) {then_branch = graph then() { ... return %t }, else_branch = ...}
    ///   load %w2: float[4,3] = Mul(%w, %s) @fold_bn
    ///   return %y
    /// }
    /// </code>
    /// Weights and constants come first, in name order; then the load-time nodes; then the nodes in execution
    /// order. Numbers are culture-invariant and round-trip; names are quoted when they hold unusual characters.
    /// </summary>
    public static class IrPrinter
    {
        public static string Print(Graph g)
        {
            var sb = new StringBuilder();
            WriteGraph(sb, g, 0, "graph " + IrNames.Quote(g.Name.Length > 0 ? g.Name : "main"));
            return sb.ToString();
        }

        private static void WriteGraph(StringBuilder sb, Graph g, int indent, string head)
        {
            string pad = new string(' ', indent);
            sb.Append(head).Append('(').Append(string.Join(", ", g.Inputs.Select(Typed))).Append(')');
            if (g.Parent == null && g.Opsets.Count > 0)
                sb.Append(" opset ").Append(string.Join(", ", g.Opsets.OrderBy(kv => kv.Key, System.StringComparer.Ordinal)
                    .Select(kv => kv.Key.Length == 0 ? kv.Value.ToString(CultureInfo.InvariantCulture) : kv.Key + "=" + kv.Value.ToString(CultureInfo.InvariantCulture))));
            sb.Append(" {\n");
            string inner = pad + "  ";
            foreach (var v in g.Values.Values.Where(v => v.Kind == ValueKind.Initializer || v.Kind == ValueKind.Constant).OrderBy(v => v.Name, System.StringComparer.Ordinal))
            {
                sb.Append(inner).Append(v.Kind == ValueKind.Initializer ? "init " : "const ").Append(Typed(v)).Append(" = ");
                if (v.Location != null) sb.Append("@file(").Append(v.Location.ByteOffset.ToString(CultureInfo.InvariantCulture)).Append(", ").Append(v.Location.ByteLength.ToString(CultureInfo.InvariantCulture)).Append(')');
                else if (v.Symbolic != null) sb.Append(v.Symbolic);
                else if (v.Data != null) sb.Append(Elements(v.Data));
                else sb.Append("?");
                sb.Append('\n');
            }
            foreach (var n in g.LoadTimeNodes) WriteNode(sb, n, indent + 2, "load ");
            foreach (var n in g.Nodes) WriteNode(sb, n, indent + 2, "");
            sb.Append(inner).Append("return ").Append(string.Join(", ", g.Outputs.Select(o => IrNames.Value(o.Name)))).Append('\n');
            sb.Append(pad).Append('}');
        }

        private static void WriteNode(StringBuilder sb, Node n, int indent, string prefix)
        {
            string pad = new string(' ', indent);
            sb.Append(pad).Append(prefix);
            sb.Append(string.Join(", ", n.Outputs.Select(o => o == null ? "_" : Typed(o))));
            sb.Append(" = ").Append(n.Domain.Length == 0 ? "" : n.Domain + "::").Append(n.OpType);
            sb.Append('(').Append(string.Join(", ", n.Inputs.Select(i => i == null ? "_" : IrNames.Value(i.Name)))).Append(')');
            if (n.Attributes.Count > 0)
            {
                sb.Append(" {");
                bool first = true;
                foreach (var a in n.Attributes.Values.OrderBy(a => a.Name, System.StringComparer.Ordinal))
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    sb.Append(IrNames.Quote(a.Name)).Append(" = ");
                    WriteAttribute(sb, a, indent);
                }
                sb.Append('}');
            }
            sb.Append(' ').Append(IrNames.Node(n.Name)).Append('\n');
        }

        private static void WriteAttribute(StringBuilder sb, NodeAttribute a, int indent)
        {
            switch (a.Kind)
            {
                case AttributeKind.Int: sb.Append(a.Int.ToString(CultureInfo.InvariantCulture)); break;
                case AttributeKind.Float: sb.Append(Float(a.Float)); break;
                case AttributeKind.String: sb.Append(String(a.String)); break;
                case AttributeKind.Ints: sb.Append('[').Append(string.Join(", ", a.Ints.Select(i => i.ToString(CultureInfo.InvariantCulture)))).Append(']'); break;
                case AttributeKind.Floats: sb.Append("floats [").Append(string.Join(", ", a.Floats.Select(Float))).Append(']'); break;
                case AttributeKind.Strings: sb.Append("strings [").Append(string.Join(", ", a.Strings.Select(String))).Append(']'); break;
                case AttributeKind.Tensor:
                    sb.Append("tensor ");
                    if (a.Tensor == null) sb.Append("?");
                    else sb.Append(ElementTypes.OnnxName(a.Tensor.Type)).Append('[').Append(string.Join(",", a.Tensor.Dims)).Append("] ").Append(Elements(a.Tensor));
                    break;
                case AttributeKind.Graph:
                    WriteGraph(sb, a.Graph!, indent + 2, "graph " + IrNames.Quote(a.Graph!.Name.Length > 0 ? a.Graph.Name : a.Name));
                    break;
                default: sb.Append("<").Append(a.Kind).Append(">"); break;
            }
        }

        /// <summary>"%x: float[N,3]".</summary>
        public static string Typed(Value v) =>
            IrNames.Value(v.Name) + (v.Type == ElementType.Undefined && v.Shape == null ? "" : ": " + TypeText(v));

        public static string TypeText(Value v) => ElementTypes.OnnxName(v.Type) + (v.Shape == null ? "[?]" : v.Shape.ToString());

        /// <summary>"[1, 2, 3]" in the tensor's own type (floats round-trip, integers exact).</summary>
        public static string Elements(TensorData d)
        {
            if (ElementTypes.IsFloatingPoint(d.Type)) return "[" + string.Join(", ", d.AsDouble().Select(x => Float(d.Type == ElementType.Double ? x : (float)x, d.Type == ElementType.Double))) + "]";
            if (d.Type == ElementType.UInt64) return "[" + string.Join(", ", d.AsInt64().Select(x => unchecked((ulong)x).ToString(CultureInfo.InvariantCulture))) + "]";
            return "[" + string.Join(", ", d.AsInt64().Select(x => x.ToString(CultureInfo.InvariantCulture))) + "]";
        }

        /// <summary>A float that reads back as the same value, always with a '.' or exponent so it is not taken for an int.</summary>
        public static string Float(double v, bool isDouble = false)
        {
            if (double.IsNaN(v)) return "nan";
            if (double.IsPositiveInfinity(v)) return "inf";
            if (double.IsNegativeInfinity(v)) return "-inf";
            string s = isDouble ? v.ToString("R", CultureInfo.InvariantCulture) : ((float)v).ToString("R", CultureInfo.InvariantCulture);
            return s.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? s : s + ".0";
        }

        private static string Float(float v) => Float(v, false);

        private static string String(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
    }
}
