using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// The session's <c>Bind</c>, for a model with symbolic input dims (nothing for a static one). A call whose dims
    /// differ from the last call's binds the host first (its arena, its dim fields and slot offsets: the values every
    /// launch argument and device view is written over), then grows the device arena to the host arena's size and each
    /// input and output buffer, with its pinned staging, to this call's count, and the convolutions' im2col workspace
    /// (<see cref="Workspace"/>) to what these dims need. Nothing shrinks, as on the CPU: a
    /// smaller batch after a larger one uses a prefix of each buffer. A new buffer is allocated before the old one is
    /// freed, and the bound dims are recorded last, so a failed allocation leaves a session that rebinds next call.
    /// </summary>
    internal static class SessionBinding
    {
        public static void Write(CodeWriter w, ModelLayout m, DeviceValues values, GpuLaunches launches)
        {
            var dims = values.Dims;
            if (dims.AllStatic) return;
            var symbols = m.Symbols.Symbols;
            foreach (var s in symbols) w.Line("private int " + Bound(m, s) + "; // the dim '" + s.Replace("\n", " ") + "' the buffers are bound for (0: none yet)");
            w.Line();
            w.Line("/// <summary>Sizes the device memory for these dims when they differ from the last call's.</summary>");
            w.Open("private void Bind(" + string.Join(", ", dims.Parameters) + ")");
            w.Line("if (" + string.Join(" && ", symbols.Select(s => m.Symbols.Parameter[s] + " == " + Bound(m, s))) + ") return;");
            w.Line("var accelerator = _stream.Accelerator;");
            w.Line("int bytes = _host.GpuBind(" + string.Join(", ", dims.Arguments) + ");");
            w.Open("if (_arena.Length < bytes)");
            w.Line("var grown = accelerator.Allocate1D<byte>(bytes);");
            w.Line("_arena.Dispose();");
            w.Line("_arena = grown;");
            w.Close();
            w.Line("long count;");
            for (int i = 0; i < m.Graph.Inputs.Count; i++) Grow(w, m.Graph.Inputs[i], DeviceValues.InputField(i), "_stageIn" + I(i), dims);
            foreach (int i in m.SpanOutputs) Grow(w, m.Graph.Outputs[i], DeviceValues.OutputField(i), "_stageOut" + I(i), dims);
            if (launches.ConvArguments.Count > 0)
            {
                w.Line("count = " + Workspace.SizingMethod + "();");
                w.Open("if (_workspace.Length < count)");
                w.Line("var grown = accelerator.Allocate1D<float>(count);");
                w.Line("_workspace.Dispose();");
                w.Line("_workspace = grown;");
                w.Close();
            }
            foreach (var s in symbols) w.Line(Bound(m, s) + " = " + m.Symbols.Parameter[s] + ";");
            w.Close();
            w.Line();
        }

        private static void Grow(CodeWriter w, Value v, string buffer, string staging, SessionDims dims)
        {
            if (v.Shape!.ElementCount.IsStatic) return;
            string t = DeviceValues.DeviceType(v);
            w.Line("count = " + dims.Count(v) + ";");
            w.Open("if (" + buffer + ".Length < count)");
            w.Line("var buffer = accelerator.Allocate1D<" + t + ">(count);");
            w.Line("var staging = new global::ModelGen.Gpu.Memory.PinnedStaging<" + t + ">(accelerator, count);");
            w.Line(buffer + ".Dispose(); " + staging + ".Dispose();");
            w.Line(buffer + " = buffer; " + staging + " = staging;");
            w.Close();
        }

        private static string Bound(ModelLayout m, string symbol) => "_bound" + SessionDims.HostDim(m, symbol).Substring("GpuDim".Length);

        private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
