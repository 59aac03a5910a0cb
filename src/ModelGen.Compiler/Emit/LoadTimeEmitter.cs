using System.Linq;
using ModelGen.Compiler.Emit.Cpu;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// The load-time stage as C#: a static method that computes the derived weights (BatchNormalization folded into
    /// Conv weights, constant subgraphs too large for literals) from the model's weights with the same kernels the
    /// Run methods use, into the buffer every instance shares. It runs once per process, at the first construction.
    /// </summary>
    internal static class LoadTimeEmitter
    {
        public static CodeWriter Emit(ModelLayout m, IntLists ints, ExpressionStructs structs, FusedLoopWriter fused, FusedReduceWriter reductions)
        {
            var w = new CodeWriter();
            if (!m.HasDerived) return w;
            var calls = new CallRenderer(m, ints, structs, fused, reductions, loadTime: true);
            w.Line("/// <summary>Computes the derived weights (" + m.Plan.DerivedBytes + " bytes) from the model's weights, once per process.</summary>");
            w.Open("private static void ComputeDerived(global::ModelGen.Runtime.ModelWeights _weights, global::ModelGen.Runtime.DerivedWeights derived)");
            var locals = new Locals(m, new System.Collections.Generic.HashSet<string>(new[] { "derived" }, System.StringComparer.Ordinal), loadTime: true);
            locals.Declare(w, m.Program.LoadTime.Nodes.SelectMany(RunEmitter.Referenced));
            calls.ValueOf = locals.Expression;
            BlockWriter.Block(w, m.Program.LoadTime, calls, locals, m);
            w.Close();
            return w;
        }
    }
}
