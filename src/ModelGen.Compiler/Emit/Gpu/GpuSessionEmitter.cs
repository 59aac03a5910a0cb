using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// Emits {Class}.Gpu.g.cs: the public GPU session <c>{Class}Gpu</c> and the model class's <c>CreateGpuSession</c>.
    /// The session owns one stream, the library kernels (loaded once per session by <c>GpuKernels</c>' cache), one
    /// device arena of the host plan's size with every activation at its planned offset, device buffers and pinned
    /// staging for the graph inputs and outputs, and device copies of the weights the launches read, uploaded once.
    /// <c>Predict</c> copies the inputs in, launches every call on the stream in order, copies the outputs out and
    /// synchronises once; a call without a GPU lowering synchronises, copies its operands to the host, runs the CPU
    /// kernel (<see cref="HostFallbackEmitter"/>) and copies its results back, and the build reports it (MG0601).
    /// </summary>
    internal static class GpuSessionEmitter
    {
        private const string Accelerator = "global::ILGPU.Runtime.Accelerator";
        private const string Extensions = "global::ILGPU.Runtime.ArrayViewExtensions";

        public static string Emit(ModelLayout host, CompileOptions model, ProblemBag problems)
        {
            var values = new DeviceValues(host);
            var launches = new GpuLaunches(host, values);
            var kernels = new GeneratedKernelSet();
            var generated = new GeneratedKernels(values, kernels);
            var movement = new MovementKernels(values, kernels);
            var resize = new ResizeKernels(values, kernels);
            var reductions = new ReductionKernels(values, kernels);
            var fallback = new HostFallbackEmitter(host);
            string session = model.ClassName + GpuCompile.SessionSuffix;
            var run = new CodeWriter();
            int onDevice = 0, onHost = 0;
            var reported = new HashSet<Node>();
            foreach (var lowered in host.Program.Main.Nodes)
            {
                var node = lowered.Node;
                foreach (var call in lowered.Calls)
                {
                    var lines = new List<string>();
                    // The resize, generated-reduction and Pad kernels bake every dim in: a call whose geometry has a symbolic
                    // dim runs on the CPU (reported like any other fallback); the library launches, the elementwise kernels
                    // and the other moves take symbolic dims as arguments.
                    bool fixedGeometry = GpuOperands.IsStatic(call);
                    if (launches.TryRender(call, lines) || generated.TryRender(call, lines) || movement.TryRender(call, lines) ||
                        (fixedGeometry && (resize.TryRender(call, lines) || reductions.TryRender(call, lines))))
                    {
                        if (lines.Count > 0) onDevice++;
                        foreach (var l in lines) run.Line(l);
                        continue;
                    }
                    onHost++;
                    // One warning per node, however many of its calls fall back.
                    if (reported.Add(node)) problems.Add(DiagnosticIds.RunsOnCpuInGpuSession,
                        "Node '" + node.Name + "' (" + node.OpType + ") runs on the CPU in the GPU session: ModelGen.Gpu has no kernel for '" + call.Kernel + "' here yet" +
                        (fixedGeometry || !HasFixedGeometryForm(call.Kernel) ? "." : " with its shapes depending on the symbolic dims " + string.Join(", ", host.Symbols.Symbols) +
                         " (its GPU kernel bakes every dim in: pin them with Dims metadata to run it on the GPU)."),
                        node.Name, node.OpType);
                    Fallback(run, call, node, values, fallback);
                }
            }

            // Predict reads the outputs through their device views: name them now, so every constant is known before the constructor is written.
            foreach (int i in host.SpanOutputs) values.View(host.Graph.Outputs[i]);

            var w = new CodeWriter();
            PartHeader.Open(w, host);
            string accessibility = model.Accessibility == "internal" ? "internal" : "public";
            WriteFactory(w, model, session);
            BestDeviceEmitter.Write(w, host, model, session, accessibility);
            w.Line("/// <summary>");
            w.Line("/// " + Xml(model.ClassName) + " on an ILGPU accelerator: " + onDevice.ToString(CultureInfo.InvariantCulture) + " kernel launches per Predict, " +
                   onHost.ToString(CultureInfo.InvariantCulture) + " calls on the CPU (build warnings MG0601). Create it with " + Xml(model.ClassName) + ".CreateGpuSession;");
            w.Line("/// dispose it to free the device memory. Predict calls are serialised by a lock.");
            w.Line("/// </summary>");
            w.Open(accessibility + " sealed partial class " + session + " : " + BestDeviceEmitter.InterfaceName(model.ClassName));
            WriteFields(w, host, values);
            Workspace.WriteField(w, launches, values.Dims);
            kernels.WriteFields(w);
            WriteConstructor(w, host, values, session, kernels, launches);
            WritePredict(w, host, values);
            WriteDevicePredict(w, host, values.Dims);
            SessionBinding.Write(w, host, values, launches);
            Workspace.WriteSizing(w, launches);
            w.Open("private void Run()");
            w.Append(run);
            w.Close();
            w.Line();
            w.Line("private global::ILGPU.ArrayView<T> Slot<T>(long byteOffset, long count) where T : unmanaged =>");
            w.Line("    ((global::ILGPU.ArrayView<byte>)_arena.View).SubView(byteOffset, count * global::System.Runtime.CompilerServices.Unsafe.SizeOf<T>()).Cast<T>();");
            w.Line();
            WriteDispose(w, host, values, launches);
            kernels.WriteKernels(w);
            for (int i = 0; i < launches.Fields.Count; i++) w.Line(launches.Fields[i].Replace("{0}", GpuLaunches.FieldName(i)));
            w.Close();
            fallback.Write(w, values.Constants);
            PartHeader.Close(w, host);
            return w.ToString();
        }

        /// <summary>The calls whose GPU kernels (Pad, resize, the generated reductions) exist only for a fixed geometry.</summary>
        private static bool HasFixedGeometryForm(string kernel) =>
            kernel.StartsWith("reduce.", System.StringComparison.Ordinal) || kernel.StartsWith("resize", System.StringComparison.Ordinal) || kernel == "pad";

        private static void Fallback(CodeWriter run, KernelCall call, Node node, DeviceValues values, HostFallbackEmitter fallback)
        {
            run.Line("// '" + node.Name.Replace("\n", " ") + "' (" + node.OpType + "): no GPU kernel for " + call.Kernel + ", so the CPU kernel runs on host copies.");
            var buffers = call.Operands.OfType<BufferOperand>().ToList();
            foreach (var b in buffers.Where(b => b.Role == BufferRole.In).GroupBy(b => values.Root(b.Value)).Select(g => g.First()))
            {
                string? host = values.HostMirror(b.Value);
                if (host != null) run.Line(Extensions + ".CopyToCPU(" + values.View(b.Value) + ", _stream, " + host + ");");
            }
            run.Line("_stream.Synchronize();");
            run.Line("_fallback." + fallback.Add(call, node) + "(" + FallbackArguments(values.Layout, values) + ");");
            foreach (var b in buffers.Where(b => b.Role == BufferRole.Out).GroupBy(b => values.Root(b.Value)).Select(g => g.First()))
                run.Line(Extensions + ".CopyFromCPU(" + values.View(b.Value) + ", _stream, (global::System.ReadOnlySpan<" + DeviceValues.DeviceType(b.Value) + ">)" + values.HostMirror(b.Value) + ");");
        }

        /// <summary>The Run arguments of the host class, from the staging buffers: inputs, then the outputs calls write.</summary>
        private static string FallbackArguments(ModelLayout m, DeviceValues values) =>
            string.Join(", ", m.Graph.Inputs.Select((v, i) => DeviceValues.AsHost(v, values.StagingSpan("_stageIn" + I(i), v)))
                .Concat(m.SpanOutputs.Select(i => DeviceValues.AsHost(m.Graph.Outputs[i], values.StagingSpan("_stageOut" + I(i), m.Graph.Outputs[i])))));

        private static void WriteFactory(CodeWriter w, CompileOptions model, string session)
        {
            w.Open("partial class " + model.ClassName);
            w.Line("/// <summary>Creates a GPU session of this model on <paramref name=\"accelerator\"/> (see " + session + ").</summary>");
            Requires(w);
            w.Line("public static " + session + " CreateGpuSession(" + Accelerator + " accelerator) => " + session + ".Create(accelerator);");
            w.Close();
            w.Line();
        }

        internal static void Requires(CodeWriter w)
        {
            w.Line("[global::System.Diagnostics.CodeAnalysis.RequiresDynamicCode(\"A GPU session runs on ILGPU, which compiles kernels with Reflection.Emit at run time: it does not work under NativeAOT.\")]");
            w.Line("[global::System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(\"A GPU session runs on ILGPU, which reads kernel IL through reflection at run time: trimming breaks it.\")]");
        }

        private static void WriteFields(CodeWriter w, ModelLayout m, DeviceValues values)
        {
            // With symbolic dims the arena and the input and output buffers are sized by the largest dims bound so far.
            bool grows = !values.Dims.AllStatic;
            string sized = grows ? "private " : "private readonly ";
            if (!grows)
            {
                w.Line("/// <summary>Bytes of the device arena: the host plan's arena, every activation at its planned offset.</summary>");
                w.Line("public const int DeviceArenaBytes = " + m.ClassName + ".ArenaBytes;");
            }
            w.Line("private readonly " + m.ClassName + " _host;");
            w.Line("private readonly " + m.ClassName + "." + HostFallbackEmitter.FallbackClass + " _fallback;");
            w.Line("private readonly global::ILGPU.Runtime.AcceleratorStream _stream;");
            w.Line("private readonly global::ModelGen.Gpu.Kernels.GpuKernels _kernels;");
            w.Line(sized + "global::ILGPU.Runtime.MemoryBuffer1D<byte, global::ILGPU.Stride1D.Dense> _arena;");
            for (int i = 0; i < m.Graph.Inputs.Count; i++) Io(w, m.Graph.Inputs[i], DeviceValues.InputField(i), "_stageIn" + I(i), DeviceValues.InputView(i), sized);
            foreach (int i in m.SpanOutputs) Io(w, m.Graph.Outputs[i], DeviceValues.OutputField(i), "_stageOut" + I(i), DeviceValues.OutputView(i), sized);
            w.Line("private global::ModelGen.Gpu.Devices.GpuDevice? _ownedDevice; // set by CreateBest: the device this session opened, closed with it");
            w.Line("private readonly object _lock = new object();");
            w.Line("private bool _disposed;");
            w.Line();
        }

        private static void Io(CodeWriter w, Value v, string buffer, string staging, string view, string modifiers)
        {
            string t = DeviceValues.DeviceType(v);
            w.Line(modifiers + "global::ILGPU.Runtime.MemoryBuffer1D<" + t + ", global::ILGPU.Stride1D.Dense> " + buffer + "; // '" + v.Name.Replace("\n", " ") + "' " + ElementTypes.OnnxName(v.Type) + v.Shape);
            w.Line(modifiers + "global::ModelGen.Gpu.Memory.PinnedStaging<" + t + "> " + staging + ";");
            w.Line("private global::ILGPU.ArrayView<" + t + "> " + view + "; // what Run reads or writes for it in this call");
        }

        private static void WriteConstructor(CodeWriter w, ModelLayout m, DeviceValues values, string session, GeneratedKernelSet generated, GpuLaunches launches)
        {
            Requires(w);
            w.Open("private " + session + "(" + Accelerator + " accelerator)");
            w.Line("_host = new " + m.ClassName + "();");
            w.Line("_fallback = _host.CreateGpuFallback();");
            w.Line("_stream = accelerator.CreateStream();");
            w.Line("_kernels = new global::ModelGen.Gpu.Kernels.GpuKernels(accelerator);");
            generated.WriteLoads(w);
            // Symbolic dims: one byte and one element until the first call binds its dims (SessionBinding's Bind grows them).
            w.Line("_arena = accelerator.Allocate1D<byte>(" + (values.Dims.AllStatic ? "global::System.Math.Max(1, DeviceArenaBytes)" : "1") + ");");
            for (int i = 0; i < m.Graph.Inputs.Count; i++) AllocateIo(w, m.Graph.Inputs[i], DeviceValues.InputField(i), "_stageIn" + I(i), values);
            foreach (int i in m.SpanOutputs) AllocateIo(w, m.Graph.Outputs[i], DeviceValues.OutputField(i), "_stageOut" + I(i), values);
            Workspace.WriteAllocation(w, launches, values.Dims);
            for (int k = 0; k < values.Constants.Count; k++)
            {
                var v = values.Constants[k];
                w.Line(DeviceValues.ConstantField(k) + " = accelerator.Allocate1D<" + DeviceValues.DeviceType(v) + ">(" + Literals.Int(values.Count(v)) + ");");
                w.Line(Extensions + ".CopyFromCPU(" + DeviceValues.ConstantField(k) + ".View, _stream, " + DeviceValues.AsDevice(v, "_host.GpuConstant" + I(k) + "()") + ");");
            }
            w.Line("_stream.Synchronize();");
            w.Close();
            w.Line();
            w.Line("/// <summary>A session on <paramref name=\"accelerator\"/>: the weights are uploaded and the device arena allocated now.</summary>");
            Requires(w);
            w.Open("public static " + session + " Create(" + Accelerator + " accelerator)");
            w.Line("global::System.ArgumentNullException.ThrowIfNull(accelerator);");
            w.Line("return new " + session + "(accelerator);");
            w.Close();
            w.Line();
            w.Line("/// <summary>A session on <paramref name=\"device\"/> that closes the device when it is disposed (CreateBest's).</summary>");
            Requires(w);
            w.Line("internal static " + session + " Owning(global::ModelGen.Gpu.Devices.GpuDevice device) => new " + session + "(device.Accelerator) { _ownedDevice = device };");
            w.Line();
            // The constant buffers are declared here, once every launch has named the weights it reads.
            for (int k = 0; k < values.Constants.Count; k++)
                w.Line("private readonly global::ILGPU.Runtime.MemoryBuffer1D<" + DeviceValues.DeviceType(values.Constants[k]) + ", global::ILGPU.Stride1D.Dense> " + DeviceValues.ConstantField(k) + ";");
            if (values.Constants.Count > 0) w.Line();
        }

        private static void AllocateIo(CodeWriter w, Value v, string buffer, string staging, DeviceValues values)
        {
            string count = v.Shape!.ElementCount.IsStatic ? Literals.Int(v.Shape.ElementCount.Value) : "1";
            w.Line(buffer + " = accelerator.Allocate1D<" + DeviceValues.DeviceType(v) + ">(" + count + ");");
            w.Line(staging + " = new global::ModelGen.Gpu.Memory.PinnedStaging<" + DeviceValues.DeviceType(v) + ">(accelerator, " + count + ");");
        }

        private static void WritePredict(CodeWriter w, ModelLayout m, DeviceValues values)
        {
            var dims = values.Dims;
            var inputs = m.Graph.Inputs.Select((v, i) => "global::System.ReadOnlySpan<" + DeviceValues.HostType(v) + "> " + m.InputNames[i]).ToList();
            var pars = dims.Parameters.Concat(inputs)
                .Concat(m.SpanOutputs.Select(i => "global::System.Span<" + DeviceValues.HostType(m.Graph.Outputs[i]) + "> " + m.OutputNames[i]));
            w.Line("/// <summary>One run on host memory: inputs copied in, every launch on one stream, outputs copied out, one synchronise.</summary>");
            w.Open("public void Predict(" + string.Join(", ", pars) + ")");
            if (dims.AllStatic)
            {
                for (int i = 0; i < m.Graph.Inputs.Count; i++) CheckLength(w, m.Graph.Inputs[i], m.InputNames[i]);
            }
            else
            {
                // The CPU class's own checks (dims at least 1, counts that fit, input lengths), with its messages.
                w.Line(m.ClassName + ".GpuCheckInputs(" + string.Join(", ", dims.Arguments.Concat(m.InputNames)) + ");");
            }
            foreach (int i in m.SpanOutputs) CheckLength(w, m.Graph.Outputs[i], m.OutputNames[i], dims);
            w.Open("lock (_lock)");
            w.Line("if (_disposed) throw new global::System.ObjectDisposedException(GetType().Name);");
            if (!dims.AllStatic) w.Line("Bind(" + string.Join(", ", dims.Arguments) + ");");
            for (int i = 0; i < m.Graph.Inputs.Count; i++) w.Line(DeviceValues.InputView(i) + " = " + OwnView(DeviceValues.InputField(i), m.Graph.Inputs[i], dims) + ";");
            foreach (int i in m.SpanOutputs) w.Line(DeviceValues.OutputView(i) + " = " + OwnView(DeviceValues.OutputField(i), m.Graph.Outputs[i], dims) + ";");
            for (int i = 0; i < m.Graph.Inputs.Count; i++)
            {
                w.Line(m.InputNames[i] + ".CopyTo(" + DeviceValues.AsHost(m.Graph.Inputs[i], "_stageIn" + I(i) + ".Span") + ");");
                w.Line("_stageIn" + I(i) + ".CopyToDevice(_stream, " + DeviceValues.InputView(i) + ");");
            }
            w.Line("Run();");
            foreach (int i in m.SpanOutputs)
                w.Line("_stageOut" + I(i) + ".CopyFromDevice(_stream, " + values.View(m.Graph.Outputs[i]) + ");");
            w.Line("_stream.Synchronize();");
            foreach (int i in m.SpanOutputs)
                w.Line(DeviceValues.AsHost(m.Graph.Outputs[i], "_stageOut" + I(i) + ".Span") + (dims.AllStatic ? "" : ".Slice(0, " + m.OutputNames[i] + ".Length)") + ".CopyTo(" + m.OutputNames[i] + ");");
            w.Close();
            w.Close();
            w.Line();
        }

        /// <summary>The session's own buffer for a graph input or output: all of it for a static shape, else this call's prefix.</summary>
        private static string OwnView(string buffer, Value v, SessionDims dims) =>
            v.Shape!.ElementCount.IsStatic ? buffer + ".View" : buffer + ".View.SubView(0, " + dims.Count(v) + ")";

        /// <summary>
        /// Predict on device memory: Run launches straight from the caller's input views into the caller's output views
        /// (no host copy, no device copy), then one synchronise, so the views are ready for the next session's launches
        /// on its own stream. The views must be on this session's accelerator, of the exact lengths, and must not overlap.
        /// </summary>
        private static void WriteDevicePredict(CodeWriter w, ModelLayout m, SessionDims dims)
        {
            var pars = dims.Parameters.Concat(m.Graph.Inputs.Select((v, i) => "global::ILGPU.ArrayView<" + DeviceValues.DeviceType(v) + "> " + m.InputNames[i]))
                .Concat(m.SpanOutputs.Select(i => "global::ILGPU.ArrayView<" + DeviceValues.DeviceType(m.Graph.Outputs[i]) + "> " + m.OutputNames[i]));
            w.Line("/// <summary>");
            w.Line("/// One run on device memory (views on this session's accelerator, for example another session's outputs): every launch reads the");
            w.Line("/// input views and writes the output views directly, then one synchronise; nothing is copied to or from the host unless a call");
            w.Line("/// runs on the CPU (MG0601). The views must not overlap one another.");
            w.Line("/// </summary>");
            w.Open("public void Predict(" + string.Join(", ", pars) + ")");
            if (!dims.AllStatic) w.Line(m.ClassName + ".GpuCheckDims(" + string.Join(", ", dims.Arguments) + ");");
            for (int i = 0; i < m.Graph.Inputs.Count; i++) CheckView(w, m.Graph.Inputs[i], m.InputNames[i], dims);
            foreach (int i in m.SpanOutputs) CheckView(w, m.Graph.Outputs[i], m.OutputNames[i], dims);
            w.Open("lock (_lock)");
            w.Line("if (_disposed) throw new global::System.ObjectDisposedException(GetType().Name);");
            if (!dims.AllStatic) w.Line("Bind(" + string.Join(", ", dims.Arguments) + ");");
            for (int i = 0; i < m.Graph.Inputs.Count; i++) w.Line(DeviceValues.InputView(i) + " = " + m.InputNames[i] + ";");
            foreach (int i in m.SpanOutputs) w.Line(DeviceValues.OutputView(i) + " = " + m.OutputNames[i] + ";");
            w.Line("Run();");
            w.Line("_stream.Synchronize();");
            w.Close();
            w.Close();
            w.Line();
        }

        private static void CheckView(CodeWriter w, Value v, string name, SessionDims dims)
        {
            CheckLength(w, v, name, dims);
            w.Line("if (!" + name + ".IsValid || " + Extensions + ".GetAccelerator(" + name + ") != _stream.Accelerator) throw new global::System.ArgumentException(\"'" + Escape(v.Name) +
                   "' must be a view on this session's accelerator.\", nameof(" + name + "));");
        }

        private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");

        /// <summary>The length check of a span or view; with symbolic dims its count is written over Predict's dim parameters (already checked).</summary>
        private static void CheckLength(CodeWriter w, Value v, string name, SessionDims? dims = null)
        {
            string n = v.Shape!.ElementCount.IsStatic ? Literals.Int(v.Shape.ElementCount.Value) : dims!.ParameterCount(v);
            string shown = v.Shape.ElementCount.IsStatic ? n : "\" + " + n + " + \"";
            w.Line("if (" + name + ".Length != " + n + ") throw new global::System.ArgumentException(\"'" + Escape(v.Name) +
                   "' is " + ElementTypes.OnnxName(v.Type) + v.Shape + ": expected " + shown + " elements, got \" + " + name + ".Length + \".\", nameof(" + name + "));");
        }

        private static void WriteDispose(CodeWriter w, ModelLayout m, DeviceValues values, GpuLaunches launches)
        {
            w.Line("/// <summary>Frees the device and pinned memory and the stream.</summary>");
            w.Open("public void Dispose()");
            w.Open("lock (_lock)");
            w.Line("if (_disposed) return;");
            w.Line("_disposed = true;");
            for (int i = 0; i < m.Graph.Inputs.Count; i++) w.Line(DeviceValues.InputField(i) + ".Dispose(); _stageIn" + I(i) + ".Dispose();");
            foreach (int i in m.SpanOutputs) w.Line(DeviceValues.OutputField(i) + ".Dispose(); _stageOut" + I(i) + ".Dispose();");
            for (int k = 0; k < values.Constants.Count; k++) w.Line(DeviceValues.ConstantField(k) + ".Dispose();");
            w.Line("_arena.Dispose();");
            if (launches.ConvArguments.Count > 0) w.Line("_workspace.Dispose();");
            w.Line("_stream.Dispose();");
            w.Line("_ownedDevice?.Dispose();");
            w.Close();
            w.Close();
            w.Line();
        }

        private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);

        private static string Xml(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
