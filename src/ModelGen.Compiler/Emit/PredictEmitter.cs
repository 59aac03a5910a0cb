using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit
{
    /// <summary>Emits {Class}.Predict.g.cs: the typed Predict overloads, argument checks, dim binding, the result type and the untyped ICompiledModel entry.</summary>
    internal static class PredictEmitter
    {
        public static string Emit(ModelLayout m)
        {
            var w = new CodeWriter();
            PartHeader.Open(w, m);
            w.Open("partial class " + m.ClassName);
            EmitSpanPredict(w, m);
            w.Line();
            EmitAllocatingPredict(w, m);
            w.Line();
            EmitResultType(w, m);
            w.Line();
            EmitBind(w, m);
            w.Line();
            EmitUntyped(w, m);
            w.Close();
            PartHeader.Close(w, m);
            return w.ToString();
        }

        private static IEnumerable<string> SymbolParameters(ModelLayout m) => m.Symbols.Symbols.Select(s => "int " + m.Symbols.Parameter[s]);

        private static string SpanSignature(ModelLayout m) =>
            string.Join(", ", SymbolParameters(m).Concat(
                m.Graph.Inputs.Select((v, i) => "global::System.ReadOnlySpan<" + ElementTypes.CSharpName(v.Type) + "> " + m.InputNames[i]).Concat(
                m.Graph.Outputs.Select((v, i) => "global::System.Span<" + ElementTypes.CSharpName(v.Type) + "> " + m.OutputNames[i]))));

        private static void EmitSpanPredict(CodeWriter w, ModelLayout m)
        {
            w.Line("/// <summary>Runs the model on caller-owned spans. Allocates nothing; outputs are overwritten.</summary>");
            foreach (var s in m.Symbols.Symbols)
                w.Line("/// <param name=\"" + m.Symbols.Parameter[s] + "\">Value of the symbolic dim '" + ClassShellEmitter.Xml(s) + "' for this call (at least 1).</param>");
            for (int i = 0; i < m.Graph.Inputs.Count; i++)
                w.Line("/// <param name=\"" + m.InputNames[i] + "\">Input '" + ClassShellEmitter.Xml(m.Graph.Inputs[i].Name) + "': " + Describe(m.Graph.Inputs[i]) + ", row-major.</param>");
            for (int i = 0; i < m.Graph.Outputs.Count; i++)
                w.Line("/// <param name=\"" + m.OutputNames[i] + "\">Output '" + ClassShellEmitter.Xml(m.Graph.Outputs[i].Name) + "': " + Describe(m.Graph.Outputs[i]) + ", row-major; written by the call.</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length does not match its tensor; nothing is written then.</exception>");
            w.Open("public void Predict(" + SpanSignature(m) + ")");
            foreach (var s in m.Symbols.Symbols)
            {
                string p = m.Symbols.Parameter[s];
                w.Line("if (" + p + " < 1) throw new global::System.ArgumentOutOfRangeException(nameof(" + p + "), " + p + ", \"The symbolic dim '" + ClassShellEmitter.Escape(s) + "' must be at least 1.\");");
            }
            var io = m.Graph.Inputs.Concat(m.Graph.Outputs).ToList();
            var ioNames = m.InputNames.Concat(m.OutputNames).ToList();
            for (int i = 0; i < io.Count; i++)
            {
                var v = io[i];
                string p = ioNames[i];
                string expected = LongExpression(m, v.Shape!.ElementCount);
                w.Line("if (" + p + ".Length != " + expected + ") throw new global::System.ArgumentException(\"'" + ClassShellEmitter.Escape(v.Name) + "' " +
                       ClassShellEmitter.Escape(v.Shape.ToString()) + " needs \" + " + expected + " + \" elements but the span has \" + " + p + ".Length + \".\", nameof(" + p + "));");
            }
            w.Open("lock (_gate)");
            w.Line("Bind(" + string.Join(", ", m.Symbols.Symbols.Select(s => m.Symbols.Parameter[s])) + ");");
            w.Line("Run(" + m.RunArguments + ");");
            w.Close();
            w.Close();
        }

        private static void EmitAllocatingPredict(CodeWriter w, ModelLayout m)
        {
            w.Line("/// <summary>Runs the model and returns new tensors for the outputs. Convenient; allocates the outputs.</summary>");
            foreach (var s in m.Symbols.Symbols)
                w.Line("/// <param name=\"" + m.Symbols.Parameter[s] + "\">Value of the symbolic dim '" + ClassShellEmitter.Xml(s) + "' for this call.</param>");
            for (int i = 0; i < m.Graph.Inputs.Count; i++)
                w.Line("/// <param name=\"" + m.InputNames[i] + "\">Input '" + ClassShellEmitter.Xml(m.Graph.Inputs[i].Name) + "': " + Describe(m.Graph.Inputs[i]) + ", row-major.</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length does not match its tensor.</exception>");
            var parameters = SymbolParameters(m).Concat(m.Graph.Inputs.Select((v, i) => "global::System.ReadOnlySpan<" + ElementTypes.CSharpName(v.Type) + "> " + m.InputNames[i]));
            w.Open("public Result Predict(" + string.Join(", ", parameters) + ")");
            for (int i = 0; i < m.Graph.Outputs.Count; i++)
            {
                var v = m.Graph.Outputs[i];
                w.Line("var output" + i + " = new " + ElementTypes.CSharpName(v.Type) + "[checked((int)" + LongExpression(m, v.Shape!.ElementCount) + ")];");
            }
            var args = m.Symbols.Symbols.Select(s => m.Symbols.Parameter[s]).Concat(m.InputNames)
                .Concat(m.Graph.Outputs.Select((v, i) => "output" + i));
            w.Line("Predict(" + string.Join(", ", args) + ");");
            var tensors = m.Graph.Outputs.Select((v, i) =>
                "global::System.Numerics.Tensors.Tensor.Create(output" + i + ", new nint[] { " + string.Join(", ", v.Shape!.Dims.Select(d => "(nint)" + LongExpression(m, d))) + " })");
            w.Line("return new Result(" + string.Join(", ", tensors) + ");");
            w.Close();
        }

        private static void EmitResultType(CodeWriter w, ModelLayout m)
        {
            w.Line("/// <summary>The outputs of one <c>Predict</c> call, one property per model output.</summary>");
            w.Open("public sealed class Result");
            var ctorParams = new List<string>();
            for (int i = 0; i < m.Graph.Outputs.Count; i++)
            {
                var v = m.Graph.Outputs[i];
                string type = "global::System.Numerics.Tensors.Tensor<" + ElementTypes.CSharpName(v.Type) + ">";
                w.Line("/// <summary>Output '" + ClassShellEmitter.Xml(v.Name) + "': " + Describe(v) + ".</summary>");
                w.Line("public " + type + " " + m.OutputProperties[i] + " { get; }");
                ctorParams.Add(type + " " + m.OutputNames[i]);
            }
            w.Line();
            w.Open("internal Result(" + string.Join(", ", ctorParams) + ")");
            for (int i = 0; i < m.Graph.Outputs.Count; i++) w.Line(m.OutputProperties[i] + " = " + m.OutputNames[i] + ";");
            w.Close();
            w.Close();
        }

        private static void EmitBind(CodeWriter w, ModelLayout m)
        {
            // Static models have nothing to bind; symbolic ones size the arena for this call's dims (growing only).
            w.Open("private void Bind(" + string.Join(", ", SymbolParameters(m)) + ")");
            if (m.IsStatic)
            {
                w.Close();
                return;
            }
            foreach (var s in m.Symbols.Symbols) w.Line(m.Symbols.Field[s] + " = " + m.Symbols.Parameter[s] + ";");
            w.Line("long offset = 0;");
            for (int s = 0; s < m.Plan.Slots.Count; s++)
            {
                var sizes = m.Plan.Slots[s].Sizes.Select(d => LongExpression(m, d)).ToList();
                string max = sizes[0];
                for (int k = 1; k < sizes.Count; k++) max = "global::System.Math.Max(" + max + ", " + sizes[k] + ")";
                w.Line("_slot" + s + " = checked((int)offset);");
                w.Line("offset += (" + max + " + 63) & ~63L;");
            }
            w.Line("if (offset > int.MaxValue) throw new global::System.ArgumentOutOfRangeException(null, \"These dims need \" + offset + \" bytes of working memory, more than one array can hold.\");");
            w.Line("_arena.EnsureCapacity((int)offset);");
            w.Close();
            for (int s = 0; s < m.Plan.Slots.Count; s++) w.Line("private int _slot" + s + ";");
        }

        private static void EmitUntyped(CodeWriter w, ModelLayout m)
        {
            w.Open("void global::ModelGen.Runtime.ICompiledModel.Run(global::System.ReadOnlySpan<int> dims, global::System.ReadOnlyMemory<byte>[] inputs, global::System.Memory<byte>[] outputs)");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(inputs);");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(outputs);");
            w.Line("if (dims.Length != " + m.Symbols.Symbols.Count + " || inputs.Length != " + m.Graph.Inputs.Count + " || outputs.Length != " + m.Graph.Outputs.Count +
                   ") throw new global::System.ArgumentException(\"Expected " + m.Symbols.Symbols.Count + " dims, " + m.Graph.Inputs.Count + " inputs and " + m.Graph.Outputs.Count + " outputs.\");");
            var args = m.Symbols.Symbols.Select((s, i) => "dims[" + i + "]")
                .Concat(m.Graph.Inputs.Select((v, i) => "global::System.Runtime.InteropServices.MemoryMarshal.Cast<byte, " + ElementTypes.CSharpName(v.Type) + ">(inputs[" + i + "].Span)"))
                .Concat(m.Graph.Outputs.Select((v, i) => "global::System.Runtime.InteropServices.MemoryMarshal.Cast<byte, " + ElementTypes.CSharpName(v.Type) + ">(outputs[" + i + "].Span)"));
            w.Line("Predict(" + string.Join(", ", args) + ");");
            w.Close();
        }

        private static string Describe(Value v) =>
            ElementTypes.OnnxName(v.Type) + " " + v.Shape + (v.Shape!.IsStatic ? " (" + v.Shape.ElementCount.Value + " elements)" : "");

        /// <summary>A dim as a long expression over the Predict parameters.</summary>
        private static string LongExpression(ModelLayout m, Dim d) => d.IsStatic ? Literals.Int(d.Value) : d.ToCSharp(s => "(long)" + m.Symbols.Parameter[s]);
    }
}
