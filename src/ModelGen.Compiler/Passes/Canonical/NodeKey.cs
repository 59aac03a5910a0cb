using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Canonical
{
    /// <summary>
    /// A node's identity for common-subexpression elimination, as one string: domain, op, opset and revision, the
    /// inputs (by value), which outputs exist, and every attribute's value written out exactly (floats by their bits).
    /// Two nodes with the same key compute the same outputs. Null for nodes that must not be merged: no plan yet,
    /// the compiler's own fused ops, bodies (If, Loop, Scan), sequences, random draws, a training Dropout, or a key so
    /// long that comparing it would cost more than it saves.
    /// </summary>
    internal static class NodeKey
    {
        /// <summary>A key longer than this is not built (a Concat of thousands of inputs, a large tensor attribute).</summary>
        public const int MaxLength = 16384;

        /// <summary>Ops whose every run draws new numbers: two equal calls do not compute equal outputs.</summary>
        private static readonly HashSet<string> Nondeterministic = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Multinomial", "Bernoulli",
        };

        public static string? Of(Node n)
        {
            if (n.Plan == null || n.Domain == "ai.modelgen" || n.Subgraphs.Any() || n.Outputs.All(o => o == null)) return null;
            if (n.Domain.Length == 0 && Nondeterministic.Contains(n.OpType)) return null;
            if (n.Domain.Length == 0 && n.OpType == "Dropout" && n.Input(2) != null && !Rewiring.IsAll(n.Input(2), 0)) return null;
            if (n.Inputs.Any(i => i != null && i.Sequence != null) || n.Outputs.Any(o => o != null && o.Sequence != null)) return null;
            var sb = new StringBuilder();
            sb.Append(n.Domain).Append("::").Append(n.OpType).Append('/').Append(n.OpsetVersion.ToString(CultureInfo.InvariantCulture))
                .Append('/').Append(n.Revision.ToString(CultureInfo.InvariantCulture)).Append('(');
            foreach (var i in n.Inputs) sb.Append(i == null ? "_" : "%" + i.Name).Append(',');
            sb.Append(")->");
            foreach (var o in n.Outputs) sb.Append(o == null ? '_' : 'o');
            foreach (var a in n.Attributes.Values.OrderBy(a => a.Name, System.StringComparer.Ordinal))
            {
                sb.Append('|').Append(a.Name.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(a.Name).Append('=');
                if (!Append(sb, a) || sb.Length > MaxLength) return null;
            }
            return sb.Length > MaxLength ? null : sb.ToString();
        }

        /// <summary>Writes the attribute's kind and value so that two attributes have the same text only when they are equal.</summary>
        private static bool Append(StringBuilder sb, NodeAttribute a)
        {
            var c = CultureInfo.InvariantCulture;
            sb.Append(((int)a.Kind).ToString(c)).Append(':');
            switch (a.Kind)
            {
                case AttributeKind.Int: sb.Append(a.Int.ToString(c)); return true;
                case AttributeKind.Float: sb.Append(Bits(a.Float)); return true;
                case AttributeKind.String: Text(sb, a.String); return true;
                case AttributeKind.Ints: sb.Append(string.Join(",", a.Ints.Select(i => i.ToString(c)))); return true;
                case AttributeKind.Floats: sb.Append(string.Join(",", a.Floats.Select(Bits))); return true;
                case AttributeKind.Strings:
                    foreach (var s in a.Strings) Text(sb, s);
                    return true;
                case AttributeKind.Tensor:
                    if (a.Tensor == null || a.Tensor.Raw.Length > MaxLength / 2) return false;
                    sb.Append(((int)a.Tensor.Type).ToString(c)).Append('[').Append(string.Join(",", a.Tensor.Dims.Select(d => d.ToString(c)))).Append(']');
                    foreach (var b in a.Tensor.Raw) sb.Append(b.ToString("x2", c));
                    return true;
                default:
                    // Graphs are excluded above; sparse tensors and type protos are not compared.
                    return false;
            }
        }

        private static string Bits(float f) => System.BitConverter.ToInt32(System.BitConverter.GetBytes(f), 0).ToString("x8", CultureInfo.InvariantCulture);

        /// <summary>Length-prefixed, so that no string can imitate the separators.</summary>
        private static void Text(StringBuilder sb, string s) => sb.Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append('"').Append(s);
    }
}
