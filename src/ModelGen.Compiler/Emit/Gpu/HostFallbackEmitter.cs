using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Emit.Cpu;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// The host half of a GPU session, added to the GPU compile's host class (a CPU class of the same model, compiled
    /// for the GPU: see <see cref="GpuCompile"/>), which owns the weights, the derived weights and a host arena laid out
    /// by the same memory plan as the device arena. It adds accessors the session uploads from and copies through, and
    /// a nested <c>GpuFallback</c> class with one method per call that has no GPU lowering: the CPU emitter's own
    /// rendering of that call (<see cref="CallRenderer"/>), so a fallback computes exactly what the CPU class computes.
    /// The nested class mirrors the host's instance fields under the same names, because the CPU rendering refers to
    /// them unqualified, and it has its own generated structs and lists, so they cannot clash with the host's Run file.
    /// </summary>
    internal sealed class HostFallbackEmitter
    {
        public const string FallbackClass = "GpuFallback";

        private readonly ModelLayout _m;
        private readonly IntLists _ints = new IntLists();
        private readonly ExpressionStructs _structs = new ExpressionStructs();
        private readonly FusedLoopWriter _fused = new FusedLoopWriter();
        private readonly FusedReduceWriter _reductions = new FusedReduceWriter();
        private readonly CallRenderer _calls;
        private readonly CodeWriter _methods = new CodeWriter();
        private int _count;

        public HostFallbackEmitter(ModelLayout m)
        {
            _m = m;
            _calls = new CallRenderer(m, _ints, _structs, _fused, _reductions, loadTime: false);
        }

        public static string MethodName(int index) => "Call" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Adds a fallback method for <paramref name="call"/> of <paramref name="node"/>; returns its name.</summary>
        public string Add(KernelCall call, Node node)
        {
            string name = MethodName(_count++);
            _methods.Line("// '" + node.Name.Replace("\n", " ") + "' (" + node.OpType + "): " + call.Kernel);
            _methods.Open("public void " + name + "(" + _m.RunParameters + ")");
            var locals = new Locals(_m, RunEmitter.ReservedNames(_m));
            locals.Declare(_methods, call.Operands.OfType<BufferOperand>().Select(b => b.Value));
            _calls.ValueOf = locals.Expression;
            var lines = new List<string>();
            _calls.Render(call, node, lines);
            foreach (var l in lines) _methods.Line(l);
            _methods.Close();
            return name;
        }

        /// <summary>The partial host class: slot and constant accessors, and the fallback class.</summary>
        public void Write(CodeWriter w, IReadOnlyList<Value> constants)
        {
            w.Open("partial class " + _m.ClassName);
            w.Line("/// <summary>The host arena region of a slot: where a fallback call finds the device's values after a copy.</summary>");
            w.Line("internal global::System.Span<T> GpuHostSlot<T>(int byteOffset, int count) where T : unmanaged => _arena.Get<T>(byteOffset, count);");
            for (int k = 0; k < constants.Count; k++)
            {
                var v = constants[k];
                w.Line("// '" + v.Name.Replace("\n", " ") + "' " + ElementTypes.OnnxName(v.Type) + v.Shape + ": uploaded once when a GPU session is created");
                w.Line("internal global::System.ReadOnlySpan<" + DeviceValues.HostType(v) + "> GpuConstant" + k.ToString(System.Globalization.CultureInfo.InvariantCulture) + "() => " + _m.Storage.Of(v) + ";");
            }
            w.Line("internal " + FallbackClass + " CreateGpuFallback() => new " + FallbackClass + "(this);");
            WriteBinding(w);
            w.Line();
            w.Line("/// <summary>The calls of this model that have no GPU lowering, each rendered as in the CPU class, over this instance's storage.</summary>");
            w.Open("internal sealed class " + FallbackClass);
            w.Line("private readonly global::ModelGen.Runtime.ModelWeights _weights;");
            w.Line("private readonly global::ModelGen.Runtime.Arena _arena;");
            if (_m.HasDerived) w.Line("private readonly global::ModelGen.Runtime.DerivedWeights _derived;");
            w.Line("private readonly global::ModelGen.Runtime.Threading.ParallelRange " + ClassShellEmitter.ThreadsField + ";");
            MirrorBinding(w);
            w.Line();
            w.Open("public " + FallbackClass + "(" + _m.ClassName + " host)");
            if (_m.Symbols.Symbols.Count > 0) w.Line("_host = host;");
            w.Line("_weights = host._weights;");
            w.Line("_arena = host._arena;");
            if (_m.HasDerived) w.Line("_derived = host._derived;");
            w.Line(ClassShellEmitter.ThreadsField + " = host." + ClassShellEmitter.ThreadsField + ";");
            w.Close();
            _structs.Write(w);
            _fused.Write(w);
            _reductions.Write(w);
            _ints.Write(w);
            for (int n = 0; n < _calls.ValueLists.Count; n++)
                w.Line(_calls.ValueLists[n].Replace("{0}", CallRenderer.ValueListField(n)));
            for (int t = 0; t < _calls.TextLists.Count; t++)
                w.Line("private static readonly string[] " + CallRenderer.TextListField(t) + " = new string[] { " + string.Join(", ", _calls.TextLists[t].Select(Literals.Text)) + " };");
            w.Line();
            w.Append(_methods);
            w.Close();
            w.Close();
        }

        /// <summary>
        /// For a model with symbolic input dims: the host's Bind for the session (sizes the host arena for these dims and
        /// returns its bytes, which the device arena must match), and read accessors of the bound dims and slot offsets,
        /// which the session's launch arguments are written over (<see cref="SessionDims"/>).
        /// </summary>
        private void WriteBinding(CodeWriter w)
        {
            if (_m.Symbols.Symbols.Count == 0) return;
            var pars = _m.Symbols.Symbols.Select(s => "int " + _m.Symbols.Parameter[s]);
            var args = _m.Symbols.Symbols.Select(s => _m.Symbols.Parameter[s]);
            w.Line("/// <summary>Binds these dims (as Predict does) and returns the bytes the arena needs for them.</summary>");
            w.Open("internal int GpuBind(" + string.Join(", ", pars) + ")");
            w.Line("Bind(" + string.Join(", ", args) + ");");
            w.Line("return _arena.Capacity;");
            w.Close();
            var inputs = _m.Graph.Inputs.Select((v, i) => "global::System.ReadOnlySpan<" + DeviceValues.HostType(v) + "> " + _m.InputNames[i]);
            w.Line("/// <summary>The CPU class's argument checks, for the session's Predict on host spans.</summary>");
            w.Line("internal static void GpuCheckInputs(" + string.Join(", ", pars.Concat(inputs)) + ") => CheckInputs(" + string.Join(", ", args.Concat(_m.InputNames)) + ");");
            w.Line("/// <summary>Every symbolic dim at least 1, for the session's Predict on device views.</summary>");
            w.Open("internal static void GpuCheckDims(" + string.Join(", ", pars) + ")");
            PredictEmitter.DimChecks(w, _m);
            w.Close();
            foreach (var s in _m.Symbols.Symbols) w.Line("internal int " + SessionDims.HostDim(_m, s) + " => " + _m.Symbols.Field[s] + ";");
            for (int slot = 0; slot < _m.Plan.Slots.Count; slot++) w.Line("internal int " + SessionDims.HostSlot(slot) + " => " + _m.SlotOffsets[slot] + ";");
        }

        /// <summary>The fallback reads the bound dims and slot offsets under the host's own names, as the CPU rendering refers to them.</summary>
        private void MirrorBinding(CodeWriter w)
        {
            if (_m.Symbols.Symbols.Count == 0) return;
            w.Line("private readonly " + _m.ClassName + " _host;");
            foreach (var s in _m.Symbols.Symbols) w.Line("private int " + _m.Symbols.Field[s] + " => _host." + _m.Symbols.Field[s] + ";");
            for (int slot = 0; slot < _m.Plan.Slots.Count; slot++) w.Line("private int " + _m.SlotOffsets[slot] + " => _host." + _m.SlotOffsets[slot] + ";");
        }
    }
}
