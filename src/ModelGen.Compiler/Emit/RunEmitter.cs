using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// Emits {Class}.Run.g.cs: the node statements in execution order, split into methods of at most
    /// <see cref="NodesPerMethod"/> nodes so the C# compiler and the JIT stay fast on large graphs,
    /// plus the small build-time constants.
    /// </summary>
    internal static class RunEmitter
    {
        public const int NodesPerMethod = 32;

        public static string Emit(ModelLayout m)
        {
            var w = new CodeWriter();
            PartHeader.Open(w, m);
            w.Open("partial class " + m.ClassName);
            foreach (var kv in m.Constants.OrderBy(kv => int.Parse(kv.Value.Substring("s_const".Length), System.Globalization.CultureInfo.InvariantCulture)))
            {
                w.Line("// '" + kv.Key.Name.Replace("\n", " ") + "' " + kv.Key.Shape);
                w.Line("private static readonly " + ElementTypes.CSharpName(kv.Key.Type) + "[] " + kv.Value + " = " + Literals.Array(kv.Key.Data!) + ";");
            }
            // Node statements go to their own writer first: the int-list fields they use are known only afterwards.
            var ints = new IntArrayPool();
            var body = new CodeWriter();
            var chunks = new List<List<Node>>();
            for (int i = 0; i < m.Graph.Nodes.Count; i += NodesPerMethod)
                chunks.Add(m.Graph.Nodes.Skip(i).Take(NodesPerMethod).ToList());

            for (int c = 0; c < chunks.Count; c++)
            {
                body.Line();
                body.Open("private void Run" + c + "(" + m.RunParameters + ")");
                foreach (var node in chunks[c])
                {
                    var op = OpRegistry.Find(node.Domain, node.OpType)!;
                    if (op.IsView && m.Plan.AliasOf.ContainsKey(node.Outputs[0]!)) continue;
                    body.Line("// " + node.Describe().Replace("\n", " ") + ": " + string.Join(", ", node.Inputs.Select(i => i == null ? "-" : i.Shape!.ToString())) +
                           " -> " + string.Join(", ", node.Outputs.Select(o => o == null ? "-" : o.Shape!.ToString())));
                    op.Emit(new EmitContext(node, body, m.Values, m.Symbols, ints));
                }
                body.Close();
            }
            ints.Write(w);
            if (m.Constants.Count > 0 || ints.Count > 0) w.Line();
            w.Open("private void Run(" + m.RunParameters + ")");
            for (int c = 0; c < chunks.Count; c++) w.Line("Run" + c + "(" + m.RunArguments + ");");
            EmitOutputCopies(w, m);
            w.Close();
            w.Append(body);
            w.Close();
            PartHeader.Close(w, m);
            return w.ToString();
        }

        /// <summary>Graph outputs that no node writes (inputs, weights, folded constants, or a value listed twice) are copied into the caller's span.</summary>
        private static void EmitOutputCopies(CodeWriter w, ModelLayout m)
        {
            for (int i = 0; i < m.Graph.Outputs.Count; i++)
            {
                var o = m.Graph.Outputs[i];
                if (m.Parameters.TryGetValue(o, out var written) && written == m.OutputNames[i]) continue;
                w.Line("(" + ReadOnly(m.Values.Of(o), o) + ").CopyTo(" + m.OutputNames[i] + ");");
            }
        }

        private static string ReadOnly(string span, Value v) => "(global::System.ReadOnlySpan<" + ElementTypes.CSharpName(v.Type) + ">)" + span;
    }
}
