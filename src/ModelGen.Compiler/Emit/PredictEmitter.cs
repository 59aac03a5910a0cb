using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// Emits {Class}.Predict.g.cs: the typed Predict overloads, argument checks, dim binding, the result type and
    /// the untyped ICompiledModel entries. Outputs whose dims only run time knows (a NonZero count, a loop's trip
    /// count) are computed internally and copied out after the run, with their dims reported.
    /// </summary>
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
            EmitCheckInputs(w, m);
            w.Line();
            EmitBind(w, m);
            w.Line();
            EmitUntyped(w, m);
            w.Close();
            PartHeader.Close(w, m);
            return w.ToString();
        }

        private const string DimRangeException = "/// <exception cref=\"global::System.ArgumentOutOfRangeException\">A symbolic dim is less than 1.</exception>";

        private static string T(Value v) => ElementTypes.CSharpName(v.Type)!;

        private static IEnumerable<string> SymbolParameters(ModelLayout m) => m.Symbols.Symbols.Select(s => "int " + m.Symbols.Parameter[s]);

        private static IEnumerable<string> InputParameters(ModelLayout m) =>
            m.Graph.Inputs.Select((v, i) => "global::System.ReadOnlySpan<" + T(v) + "> " + m.InputNames[i]);

        private static string DimsName(ModelLayout m, int output) => m.OutputNames[output] + "Dims";

        private static string SymbolArguments(ModelLayout m) => string.Join(", ", m.Symbols.Symbols.Select(s => m.Symbols.Parameter[s]));

        private static void EmitSpanPredict(CodeWriter w, ModelLayout m)
        {
            w.Line("/// <summary>Runs the model on caller-owned spans. Allocates nothing; outputs are overwritten.</summary>");
            foreach (var s in m.Symbols.Symbols)
                w.Line("/// <param name=\"" + m.Symbols.Parameter[s] + "\">Value of the symbolic dim '" + ClassShellEmitter.Xml(s) + "' for this call (at least 1).</param>");
            for (int i = 0; i < m.Graph.Inputs.Count; i++)
                w.Line("/// <param name=\"" + m.InputNames[i] + "\">Input '" + ClassShellEmitter.Xml(m.Graph.Inputs[i].Name) + "': " + Describe(m.Graph.Inputs[i]) + ", row-major.</param>");
            for (int i = 0; i < m.Graph.Outputs.Count; i++)
                w.Line("/// <param name=\"" + m.OutputNames[i] + "\">Output '" + ClassShellEmitter.Xml(m.Graph.Outputs[i].Name) + "': " + Describe(m.Graph.Outputs[i]) + ", row-major; written by the call" +
                       (m.RuntimeOutputs.Contains(i) ? " (its size is known only after the run: the span must be at least that long)" : "") + ".</param>");
            foreach (int i in m.RuntimeOutputs)
                w.Line("/// <param name=\"" + DimsName(m, i) + "\">The dims of '" + ClassShellEmitter.Xml(m.Graph.Outputs[i].Name) + "' this call produced; its first ElementCount elements are written.</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length does not match its tensor; nothing is written then" +
                   (m.HasRuntimeOutputs ? " (a run-time sized output too small is found after the run, when the other outputs are already written)" : "") + ".</exception>");
            if (m.Symbols.Symbols.Count > 0) w.Line(DimRangeException);
            var parameters = SymbolParameters(m).Concat(InputParameters(m))
                .Concat(m.Graph.Outputs.Select((v, i) => "global::System.Span<" + T(v) + "> " + m.OutputNames[i]))
                .Concat(m.RuntimeOutputs.Select(i => "out global::ModelGen.Runtime.TensorDims " + DimsName(m, i)));
            w.Open("public void Predict(" + string.Join(", ", parameters) + ")");
            w.Line("CheckInputs(" + string.Join(", ", m.Symbols.Symbols.Select(s => m.Symbols.Parameter[s]).Concat(m.InputNames)) + ");");
            foreach (int i in m.SpanOutputs)
                LengthCheck(w, m, m.Graph.Outputs[i], m.OutputNames[i]);
            w.Open("lock (_gate)");
            w.Line("Bind(" + SymbolArguments(m) + ");");
            w.Line("Run(" + m.RunArguments + ");");
            foreach (int i in m.RuntimeOutputs)
            {
                var v = m.Graph.Outputs[i];
                string name = m.OutputNames[i];
                w.Line(DimsName(m, i) + " = new global::ModelGen.Runtime.TensorDims(" + string.Join(", ", v.Shape!.Dims.Select(d => m.Symbols.Expression(d))) + ");");
                w.Line("if (" + name + ".Length < " + DimsName(m, i) + ".ElementCount) throw new global::System.ArgumentException(\"'" + ClassShellEmitter.Escape(v.Name) + "' came out with dims \" + " +
                       DimsName(m, i) + " + \" (\" + " + DimsName(m, i) + ".ElementCount + \" elements) but the span has \" + " + name + ".Length + \".\", nameof(" + name + "));");
                w.Line("((global::System.ReadOnlySpan<" + T(v) + ">)" + m.Storage.Of(v) + ").CopyTo(" + name + ");");
            }
            w.Close();
            w.Close();
        }

        private static void LengthCheck(CodeWriter w, ModelLayout m, Value v, string p)
        {
            string expected = m.Symbols.LongParameterExpression(v.Shape!.ElementCount);
            w.Line("if (" + p + ".Length != " + expected + ") throw new global::System.ArgumentException(\"'" + ClassShellEmitter.Escape(v.Name) + "' " +
                   ClassShellEmitter.Escape(v.Shape.ToString()) + " needs \" + " + expected + " + \" elements but the span has \" + " + p + ".Length + \".\", nameof(" + p + "));");
        }

        private static void EmitAllocatingPredict(CodeWriter w, ModelLayout m)
        {
            w.Line("/// <summary>Runs the model and returns new tensors for the outputs. Convenient; allocates the outputs.</summary>");
            foreach (var s in m.Symbols.Symbols)
                w.Line("/// <param name=\"" + m.Symbols.Parameter[s] + "\">Value of the symbolic dim '" + ClassShellEmitter.Xml(s) + "' for this call.</param>");
            for (int i = 0; i < m.Graph.Inputs.Count; i++)
                w.Line("/// <param name=\"" + m.InputNames[i] + "\">Input '" + ClassShellEmitter.Xml(m.Graph.Inputs[i].Name) + "': " + Describe(m.Graph.Inputs[i]) + ", row-major.</param>");
            w.Line("/// <returns>New tensors, one property of <see cref=\"Result\"/> per output (" +
                   string.Join(", ", m.OutputProperties.Select(p => "<see cref=\"Result." + p + "\"/>")) + ").</returns>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">A span's length does not match its tensor.</exception>");
            if (m.Symbols.Symbols.Count > 0) w.Line(DimRangeException);
            w.Open("public Result Predict(" + string.Join(", ", SymbolParameters(m).Concat(InputParameters(m))) + ")");
            w.Line("CheckInputs(" + string.Join(", ", m.Symbols.Symbols.Select(s => m.Symbols.Parameter[s]).Concat(m.InputNames)) + ");");
            for (int i = 0; i < m.Graph.Outputs.Count; i++)
            {
                var v = m.Graph.Outputs[i];
                if (m.RuntimeOutputs.Contains(i)) w.Line(T(v) + "[] output" + i + ";");
                else w.Line("var output" + i + " = new " + T(v) + "[checked((int)" + m.Symbols.LongParameterExpression(v.Shape!.ElementCount) + ")];");
                w.Line("nint[] dims" + i + ";");
            }
            w.Open("lock (_gate)");
            w.Line("Bind(" + SymbolArguments(m) + ");");
            w.Line("Run(" + string.Join(", ", m.InputNames.Concat(m.SpanOutputs.Select(i => "output" + i))) + ");");
            for (int i = 0; i < m.Graph.Outputs.Count; i++)
            {
                var v = m.Graph.Outputs[i];
                w.Line("dims" + i + " = new nint[] { " + string.Join(", ", v.Shape!.Dims.Select(d => "(nint)" + m.Symbols.Expression(d))) + " };");
                if (m.RuntimeOutputs.Contains(i)) w.Line("output" + i + " = ((global::System.ReadOnlySpan<" + T(v) + ">)" + m.Storage.Of(v) + ").ToArray();");
            }
            w.Close();
            var tensors = m.Graph.Outputs.Select((v, i) => "global::System.Numerics.Tensors.Tensor.Create(output" + i + ", dims" + i + ")");
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
                string type = "global::System.Numerics.Tensors.Tensor<" + T(v) + ">";
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

        /// <summary>Symbolic dims at least 1, and every input span of the length its shape needs.</summary>
        private static void EmitCheckInputs(CodeWriter w, ModelLayout m)
        {
            w.Open("private static void CheckInputs(" + string.Join(", ", SymbolParameters(m).Concat(InputParameters(m))) + ")");
            DimChecks(w, m);
            // Counts are checked before any length comparison: an unchecked long product of large dims can wrap (to 0 even)
            // and let a wrong-sized span pass. Inputs and span outputs are the tensors whose counts the caller's spans carry.
            var counted = m.Graph.Inputs.Concat(m.SpanOutputs.Select(i => m.Graph.Outputs[i])).Where(v => !v.Shape!.ElementCount.IsStatic).ToList();
            if (counted.Count > 0) w.Line("long count;");
            foreach (var v in counted) CountCheck(w, m, v);
            for (int i = 0; i < m.Graph.Inputs.Count; i++) LengthCheck(w, m, m.Graph.Inputs[i], m.InputNames[i]);
            w.Close();
        }

        /// <summary>Each symbolic dim parameter at least 1 (ArgumentOutOfRangeException naming it); the GPU session's checks use it too.</summary>
        internal static void DimChecks(CodeWriter w, ModelLayout m)
        {
            foreach (var s in m.Symbols.Symbols)
            {
                string p = m.Symbols.Parameter[s];
                w.Line("if (" + p + " < 1) throw new global::System.ArgumentOutOfRangeException(nameof(" + p + "), " + p + ", \"The symbolic dim '" + ClassShellEmitter.Escape(s) + "' must be at least 1.\");");
            }
        }

        /// <summary>Throws ArgumentOutOfRangeException naming the dims when <paramref name="v"/>'s element count overflows a span (or a long).</summary>
        private static void CountCheck(CodeWriter w, ModelLayout m, Value v)
        {
            var symbols = v.Shape!.ElementCount.Symbols.Distinct().OrderBy(s => s, System.StringComparer.Ordinal).ToList();
            string first = m.Symbols.Parameter[symbols[0]];
            string bound = string.Join(" + \", \" + ", symbols.Select(s => "\"" + ClassShellEmitter.Escape(s) + "=\" + " + m.Symbols.Parameter[s]));
            w.Line("try { count = checked(" + m.Symbols.LongParameterExpression(v.Shape.ElementCount) + "); } catch (global::System.OverflowException) { count = long.MaxValue; }");
            w.Line("if (count > int.MaxValue) throw new global::System.ArgumentOutOfRangeException(nameof(" + first + "), " + first + ", \"'" + ClassShellEmitter.Escape(v.Name) + "' " +
                   ClassShellEmitter.Escape(v.Shape.ToString()) + " with \" + " + bound + " + \" has \" + (count == long.MaxValue ? \"more than 2^63\" : count.ToString(global::System.Globalization.CultureInfo.InvariantCulture)) + \" elements, more than a span can hold (2147483647).\");");
        }

        private static void EmitBind(CodeWriter w, ModelLayout m)
        {
            // Static models have nothing to bind; symbolic ones size the arena for this call's dims (growing only).
            w.Open("private void Bind(" + string.Join(", ", SymbolParameters(m)) + ")");
            if (m.IsStatic)
            {
                BindDims(w, m);
                w.Close();
                return;
            }
            // Offsets first, in checked arithmetic, and no field changes before the check: dims too large leave the
            // instance as it was (a clear exception, never a wrapped size or a half-bound arena).
            w.Line("long offset = 0;");
            for (int s = 0; s < m.Plan.Slots.Count; s++) w.Line("long at" + s + " = 0;");
            w.Open("try");
            w.Open("checked");
            for (int s = 0; s < m.Plan.Slots.Count; s++)
            {
                var sizes = m.Plan.Slots[s].Sizes.Select(d => m.Symbols.LongParameterExpression(d)).ToList();
                string max = sizes[0];
                for (int k = 1; k < sizes.Count; k++) max = "global::System.Math.Max(" + max + ", " + sizes[k] + ")";
                w.Line("at" + s + " = offset;");
                w.Line("offset += (" + max + " + 63) & ~63L;");
            }
            w.Close();
            w.Close();
            w.Line("catch (global::System.OverflowException) { offset = long.MaxValue; }");
            w.Line("if (offset > int.MaxValue) throw new global::System.ArgumentOutOfRangeException(null, \"These dims need \" + (offset == long.MaxValue ? \"more than 2^63\" : offset.ToString(global::System.Globalization.CultureInfo.InvariantCulture)) + \" bytes of working memory, more than one array can hold.\");");
            BindDims(w, m);
            for (int s = 0; s < m.Plan.Slots.Count; s++) w.Line("_slot" + s + " = (int)at" + s + ";");
            w.Line("_arena.EnsureCapacity((int)offset);");
            w.Close();
            for (int s = 0; s < m.Plan.Slots.Count; s++) w.Line("private int _slot" + s + ";");
        }

        /// <summary>The dim fields, and string tensors sized by symbolic dims grown (only when these dims need more); run-time sized ones grow before their call.</summary>
        private static void BindDims(CodeWriter w, ModelLayout m)
        {
            foreach (var s in m.Symbols.Symbols) w.Line(m.Symbols.Field[s] + " = " + m.Symbols.Parameter[s] + ";");
            foreach (var kv in m.Plan.StringOf.OrderBy(kv => kv.Value))
                if (!kv.Key.Shape!.ElementCount.IsStatic && !Planning.MemoryPlanner.HasRuntimeDims(kv.Key))
                    w.Line(ValueStorage.StringField(kv.Value) + ".Reserve(checked((int)" + m.Symbols.LongParameterExpression(kv.Key.Shape.ElementCount) + "));");
        }

        private static void EmitUntyped(CodeWriter w, ModelLayout m)
        {
            string Count(Value v) => v.Shape!.ElementCount.IsStatic ? Literals.Int(v.Shape.ElementCount.Value)
                : v.Shape.ElementCount.ToCSharp(s => "(long)dims[" + m.Symbols.Symbols.IndexOf(s) + "]");
            // String tensors travel in StringTensor's encoding (per element an int32 UTF-8 length, then the bytes).
            string Cast(Value v, string memory) => v.Type == ElementType.String
                ? "global::ModelGen.Runtime.StringTensor.Decode(" + memory + ", checked((int)" + Count(v) + "))"
                : "global::System.Runtime.InteropServices.MemoryMarshal.Cast<byte, " + T(v) + ">(" + memory + ")";
            bool stringOutputs = m.Graph.Outputs.Any(v => v.Type == ElementType.String);
            string counts = "if (dims.Length != " + m.Symbols.Symbols.Count + " || inputs.Length != " + m.Graph.Inputs.Count;

            w.Open("void global::ModelGen.Runtime.ICompiledModel.Run(global::System.ReadOnlySpan<int> dims, global::System.ReadOnlyMemory<byte>[] inputs, global::System.Memory<byte>[] outputs)");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(inputs);");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(outputs);");
            w.Line(counts + " || outputs.Length != " + m.Graph.Outputs.Count +
                   ") throw new global::System.ArgumentException(\"Expected " + m.Symbols.Symbols.Count + " dims, " + m.Graph.Inputs.Count + " inputs and " + m.Graph.Outputs.Count + " outputs.\");");
            if (stringOutputs)
            {
                // Encoded strings have no size known before the run: run the allocating entry, then copy each encoding over.
                w.Line("var produced = ((global::ModelGen.Runtime.ICompiledModel)this).Run(dims, inputs);");
                w.Open("for (int i = 0; i < produced.Length; i++)");
                w.Line("if (produced[i].Bytes.Length != outputs[i].Length) throw new global::System.ArgumentException(\"Output \" + i + \" needs \" + produced[i].Bytes.Length + \" bytes but its memory has \" + outputs[i].Length + \".\", nameof(outputs));");
                w.Line("new global::System.ReadOnlySpan<byte>(produced[i].Bytes).CopyTo(outputs[i].Span);");
                w.Close();
                w.Close();
            }
            else
            {
                var args = m.Symbols.Symbols.Select((s, i) => "dims[" + i + "]")
                    .Concat(m.Graph.Inputs.Select((v, i) => Cast(v, "inputs[" + i + "].Span")))
                    .Concat(m.Graph.Outputs.Select((v, i) => Cast(v, "outputs[" + i + "].Span")))
                    .Concat(m.RuntimeOutputs.Select(i => "out _"));
                w.Line("Predict(" + string.Join(", ", args) + ");");
                w.Close();
            }
            w.Line();

            w.Open("global::ModelGen.Runtime.TensorBuffer[] global::ModelGen.Runtime.ICompiledModel.Run(global::System.ReadOnlySpan<int> dims, global::System.ReadOnlyMemory<byte>[] inputs)");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(inputs);");
            w.Line(counts + ") throw new global::System.ArgumentException(\"Expected " + m.Symbols.Symbols.Count + " dims and " + m.Graph.Inputs.Count + " inputs.\");");
            var symbolArgs = m.Symbols.Symbols.Select((s, i) => "dims[" + i + "]").ToList();
            var inputArgs = m.Graph.Inputs.Select((v, i) => Cast(v, "inputs[" + i + "].Span")).ToList();
            // Strings are decoded once, outside the lock.
            for (int i = 0; i < m.Graph.Inputs.Count; i++)
                if (m.Graph.Inputs[i].Type == ElementType.String)
                {
                    w.Line("var strings" + i + " = " + inputArgs[i] + ";");
                    inputArgs[i] = "strings" + i;
                }
            w.Line("CheckInputs(" + string.Join(", ", symbolArgs.Concat(inputArgs)) + ");");
            w.Line("var result = new global::ModelGen.Runtime.TensorBuffer[" + m.Graph.Outputs.Count + "];");
            foreach (int i in m.SpanOutputs)
            {
                var v = m.Graph.Outputs[i];
                string count = v.Shape!.ElementCount.IsStatic ? Literals.Int(v.Shape.ElementCount.Value)
                    : v.Shape.ElementCount.ToCSharp(s => "(long)dims[" + m.Symbols.Symbols.IndexOf(s) + "]");
                if (v.Type == ElementType.String) w.Line("var bytes" + i + " = new string[checked((int)" + count + ")];");
                else w.Line("var bytes" + i + " = new byte[checked(" + ElementTypes.SizeOf(v.Type) + " * (int)" + count + ")];");
            }
            w.Open("lock (_gate)");
            w.Line("Bind(" + string.Join(", ", symbolArgs) + ");");
            w.Line("Run(" + string.Join(", ", inputArgs.Concat(m.SpanOutputs.Select(i => m.Graph.Outputs[i].Type == ElementType.String ? "bytes" + i
                : "global::System.Runtime.InteropServices.MemoryMarshal.Cast<byte, " + T(m.Graph.Outputs[i]) + ">(new global::System.Span<byte>(bytes" + i + "))"))) + ");");
            for (int i = 0; i < m.Graph.Outputs.Count; i++)
            {
                var v = m.Graph.Outputs[i];
                string bytes = v.Type == ElementType.String
                    ? "global::ModelGen.Runtime.StringTensor.Encode(" + (m.RuntimeOutputs.Contains(i) ? "(global::System.ReadOnlySpan<string>)" + m.Storage.Of(v) : "bytes" + i) + ")"
                    : m.RuntimeOutputs.Contains(i)
                    ? "global::System.Runtime.InteropServices.MemoryMarshal.AsBytes((global::System.ReadOnlySpan<" + T(v) + ">)" + m.Storage.Of(v) + ").ToArray()"
                    : "bytes" + i;
                w.Line("result[" + i + "] = new global::ModelGen.Runtime.TensorBuffer(" + bytes + ", new int[] { " + string.Join(", ", v.Shape!.Dims.Select(d => m.Symbols.Expression(d))) + " });");
            }
            w.Close();
            w.Line("return result;");
            w.Close();
        }

        private static string Describe(Value v) =>
            ElementTypes.OnnxName(v.Type) + " " + v.Shape + (v.Shape!.IsStatic ? " (" + v.Shape.ElementCount.Value + " elements)" : "");
    }
}
