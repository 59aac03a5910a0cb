using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Emit.Cpu;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Planning;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// Emits {Class}.Run.g.cs: the lowered kernel calls in execution order, split into methods of at most
    /// <see cref="NodesPerMethod"/> nodes so the C# compiler and the JIT stay fast on large graphs. Each method
    /// opens with one named local per tensor and weight it touches (<c>Span&lt;float&gt; relu2 = ...; // 'Relu_2'
    /// float[1,16,120,160]</c>), so stepping through it in a debugger reads like the model; tensors sized at run time
    /// are fetched where they are used. Bodies of If and Loop become structured code inside the method.
    /// </summary>
    internal static class RunEmitter
    {
        public const int NodesPerMethod = 32;

        public static string Emit(ModelLayout m)
        {
            var w = new CodeWriter();
            PartHeader.Open(w, m);
            w.Open("partial class " + m.ClassName);
            // Node statements go to their own writer first: the structs, constants and int lists they use are known only afterwards.
            var ints = new IntLists();
            var structs = new ExpressionStructs();
            var fused = new FusedLoopWriter();
            var reductions = new FusedReduceWriter();
            var calls = new CallRenderer(m, ints, structs, fused, reductions, loadTime: false);
            var body = new CodeWriter();
            var nodes = m.Program.Main.Nodes;
            int chunks = (nodes.Count + NodesPerMethod - 1) / NodesPerMethod;
            for (int c = 0; c < chunks; c++)
            {
                var chunk = nodes.Skip(c * NodesPerMethod).Take(NodesPerMethod).ToList();
                body.Line();
                // Names the ONNX nodes the step computes, so a user stepping in from Predict sees where in the model they are.
                int first = c * NodesPerMethod + 1, last = c * NodesPerMethod + chunk.Count;
                body.Line("// Step " + (c + 1) + " of " + chunks + ": the compiled graph's " + (chunk.Count > 1
                    ? "nodes " + first + " to " + last + " of " + nodes.Count + ", from " + NodeName(chunk[0]) + " to " + NodeName(chunk[chunk.Count - 1])
                    : "node " + first + " of " + nodes.Count + ", " + NodeName(chunk[0])) + "; each is named below.");
                body.Open("private void Run" + c + "(" + m.RunParameters + ")");
                var locals = new Locals(m, ReservedNames(m));
                locals.Declare(body, chunk.SelectMany(Referenced));
                calls.ValueOf = locals.Expression;
                foreach (var n in chunk) BlockWriter.Node(body, n, calls, locals, m);
                body.Close();
            }
            var loadTime = LoadTimeEmitter.Emit(m, ints, structs, fused, reductions);
            var copies = new CodeWriter();
            EmitOutputCopies(copies, m);
            structs.Write(w);
            fused.Write(w);
            reductions.Write(w);
            foreach (var (field, value) in m.Constants.Fields)
            {
                w.Line("// '" + value.Name.Replace("\n", " ") + "' " + ElementTypes.OnnxName(value.Type) + value.Shape);
                w.Line("private static readonly " + ElementTypes.CSharpName(value.Type) + "[] " + field + " = " + Literals.Array(value.Data!) + ";");
            }
            ints.Write(w);
            for (int n = 0; n < calls.ValueLists.Count; n++)
                w.Line(calls.ValueLists[n].Replace("{0}", CallRenderer.ValueListField(n)));
            for (int t = 0; t < calls.TextLists.Count; t++)
                w.Line("private static readonly string[] " + CallRenderer.TextListField(t) + " = new string[] { " + string.Join(", ", calls.TextLists[t].Select(Literals.Text)) + " };");
            if (calls.MaxSymbols > 0) w.Line("private readonly int[] _symbols = new int[" + calls.MaxSymbols + "];");
            if (m.Constants.Fields.Count > 0 || ints.Count > 0 || calls.MaxSymbols > 0 || calls.TextLists.Count > 0 || calls.ValueLists.Count > 0) w.Line();
            w.Open("private void Run(" + m.RunParameters + ")");
            for (int c = 0; c < chunks; c++) w.Line("Run" + c + "(" + m.RunArguments + ");");
            w.Append(copies);
            w.Close();
            w.Append(body);
            if (loadTime.ToString().Length > 0)
            {
                w.Line();
                w.Append(loadTime);
            }
            w.Close();
            PartHeader.Close(w, m);
            return w.ToString();
        }

        private static string NodeName(LoweredNode n) => "'" + n.Node.Name.Replace("\n", " ") + "' (" + n.Node.OpType + ")";

        /// <summary>Names a local may not take: the Run parameters.</summary>
        public static HashSet<string> ReservedNames(ModelLayout m) =>
            new HashSet<string>(m.InputNames.Concat(m.OutputNames), System.StringComparer.Ordinal);

        /// <summary>Every value a lowered node's steps read or write, nested blocks included.</summary>
        public static IEnumerable<Value> Referenced(LoweredNode n) => n.Steps.SelectMany(Referenced);

        private static IEnumerable<Value> Referenced(LoweredStep s)
        {
            switch (s)
            {
                case CallStep c: return c.Call.Operands.OfType<BufferOperand>().Select(b => b.Value);
                case IfStep f: return new[] { f.Condition }.Concat(f.Then.Nodes.Concat(f.Else.Nodes).SelectMany(Referenced));
                case LoopStep l:
                    return new[] { l.TripCount, l.Condition, l.Iteration, l.BodyCondition, l.BodyConditionResult }.Where(v => v != null).Select(v => v!)
                        .Concat(l.CarriedInitial).Concat(l.Carried).Concat(l.CarriedResults).Concat(l.ScanResults)
                        .Concat(l.CarriedOutputs.Concat(l.ScanOutputs).Where(v => v != null).Select(v => v!))
                        .Concat(l.Body.Nodes.SelectMany(Referenced));
                case ScanStep sc:
                    return new[] { sc.SequenceLengths }.Concat(sc.StateOutputs).Concat(sc.Inputs.Concat(sc.Outputs).Select(x => x.Outer)).Where(v => v != null).Select(v => v!)
                        .Concat(sc.StateInitial).Concat(sc.State).Concat(sc.StateResults).Concat(sc.Inputs.Concat(sc.Outputs).Select(x => x.Body))
                        .Concat(sc.Body.Nodes.SelectMany(Referenced));
                default: return new Value[0];
            }
        }

        /// <summary>Graph outputs no call wrote into the caller's span (weights, constants, inputs, a value listed twice) are copied there.</summary>
        private static void EmitOutputCopies(CodeWriter w, ModelLayout m)
        {
            foreach (int i in m.SpanOutputs)
            {
                var o = m.Graph.Outputs[i];
                if (m.Parameters.TryGetValue(o, out var written) && written == m.OutputNames[i]) continue;
                string t = ElementTypes.CSharpName(o.Type)!;
                string? source = m.Storage.Of(o);
                if (source == null)
                    w.Line("((global::System.ReadOnlySpan<" + t + ">)" + Locals.SymbolicElements(m, o) + ").CopyTo(" + m.OutputNames[i] + ");");
                else
                    w.Line("((global::System.ReadOnlySpan<" + t + ">)" + source + ").CopyTo(" + m.OutputNames[i] + ");");
            }
        }
    }
}
