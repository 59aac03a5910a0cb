using System.Linq;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// "The best device, or the CPU class": the interface <c>I{Class}</c> (host-span Predict and Dispose) that both
    /// the CPU class and the GPU session implement, and <c>{Class}.CreateBest(out string reason)</c>, which opens a
    /// CUDA device when there is one (the session then owns the device and closes it on Dispose) and otherwise
    /// returns a new CPU class, with the sentence that says which and why (GpuDevices.FindCuda's reason). The CPU
    /// class gains the interface through this GPU-only source (an empty explicit Dispose: it holds no device
    /// memory), so its own sources stay byte-identical to a build without ModelGen.Gpu.
    /// </summary>
    internal static class BestDeviceEmitter
    {
        /// <summary>The interface's name for a model class.</summary>
        public static string InterfaceName(string className) => "I" + className;

        /// <summary>The interface, and the model class's half: the interface, its Dispose and CreateBest.</summary>
        public static void Write(CodeWriter w, ModelLayout m, CompileOptions model, string session, string accessibility)
        {
            string face = InterfaceName(model.ClassName);
            var pars = string.Join(", ", new SessionDims(m).Parameters.Concat(m.Graph.Inputs.Select((v, i) => "global::System.ReadOnlySpan<" + DeviceValues.HostType(v) + "> " + m.InputNames[i])
                .Concat(m.SpanOutputs.Select(i => "global::System.Span<" + DeviceValues.HostType(m.Graph.Outputs[i]) + "> " + m.OutputNames[i]))));
            w.Line("/// <summary>" + model.ClassName + " on whichever device " + model.ClassName + ".CreateBest chose: the CPU class or its GPU session " + session + ".</summary>");
            w.Open(accessibility + " interface " + face + " : global::System.IDisposable");
            w.Line("/// <summary>One run on host memory (the same contract as the CPU class's Predict).</summary>");
            w.Line("void Predict(" + pars + ");");
            w.Close();
            w.Line();
            w.Open("partial class " + model.ClassName + " : " + face);
            w.Line("/// <summary>The CPU class holds no device memory: nothing to free.</summary>");
            w.Line("void global::System.IDisposable.Dispose() { }");
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// The GPU session on a CUDA device when one is present (the session owns that device and closes it when disposed),");
            w.Line("/// otherwise a new CPU class. <paramref name=\"reason\"/> is the sentence to show: the device used, or why there is none.");
            w.Line("/// </summary>");
            GpuSessionEmitter.Requires(w);
            w.Open("public static " + face + " CreateBest(out string reason)");
            w.Line("var choice = global::ModelGen.Gpu.Devices.GpuDevices.FindCuda();");
            w.Line("reason = choice.Reason;");
            w.Line("if (!choice.IsAvailable) return new " + model.ClassName + "();");
            w.Open("try");
            w.Line("return " + session + ".Owning(choice.Device);");
            w.Close();
            w.Open("catch");
            w.Line("choice.Device.Dispose();");
            w.Line("throw;");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }
    }
}
