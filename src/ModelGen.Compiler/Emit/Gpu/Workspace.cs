namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// The session's im2col workspace, one device buffer every convolution launch gets: the library's Conv takes the
    /// im2col + batched-GEMM path for a deep reduction (C/G·kH·kW ≥ 32) when the workspace holds the unfolded input,
    /// else the direct kernel. It is sized as the largest of the convolutions' <c>ConvWorkspaceLength</c>, which is 0 for
    /// those that go direct or depthwise, and for all of them where the library does not unfold (the CPU accelerator):
    /// when the session is created, or, with symbolic dims, in Bind for the dims bound.
    /// </summary>
    internal static class Workspace
    {
        /// <summary>The session method that returns the workspace length these dims need.</summary>
        public const string SizingMethod = "WorkspaceLength";

        /// <summary>What a convolution launch passes.</summary>
        public const string View = "_workspace.View";

        public static void WriteField(CodeWriter w, GpuLaunches launches, SessionDims dims)
        {
            if (launches.ConvArguments.Count == 0) return;
            w.Line("/// <summary>The convolutions' im2col workspace (floats): the largest any of them needs, at least one.</summary>");
            w.Line((dims.AllStatic ? "private readonly " : "private ") + "global::ILGPU.Runtime.MemoryBuffer1D<float, global::ILGPU.Stride1D.Dense> _workspace;");
        }

        public static void WriteAllocation(CodeWriter w, GpuLaunches launches, SessionDims dims)
        {
            if (launches.ConvArguments.Count == 0) return;
            // With symbolic dims the geometry needs a bound batch: one float until Bind sizes it.
            w.Line("_workspace = accelerator.Allocate1D<float>(" + (dims.AllStatic ? SizingMethod + "()" : "1") + ");");
        }

        public static void WriteSizing(CodeWriter w, GpuLaunches launches)
        {
            if (launches.ConvArguments.Count == 0) return;
            w.Line("/// <summary>The im2col workspace the convolutions need at the bound dims (at least one float).</summary>");
            w.Open("private long " + SizingMethod + "()");
            w.Line("long length = 1;");
            foreach (var args in launches.ConvArguments)
                w.Line("length = global::System.Math.Max(length, _kernels.ConvWorkspaceLength(" + args + "));");
            w.Line("return length;");
            w.Close();
            w.Line();
        }
    }
}
