namespace ModelGen.Gpu;

/// <summary>The messages of the trim and AOT annotations on every public GPU entry point.</summary>
/// <remarks>
/// ILGPU carries no annotations of its own, so a library using it builds clean with the AOT analyzers on and breaks
/// only when published. Annotating our entry points makes a user who publishes with trimming or NativeAOT hear about
/// it at build time.
/// </remarks>
internal static class GpuRequirements
{
    /// <summary>For <c>[RequiresDynamicCode]</c>.</summary>
    public const string DynamicCode =
        "ModelGen.Gpu runs on ILGPU, which compiles kernels with Reflection.Emit at run time: it does not work under NativeAOT.";

    /// <summary>For <c>[RequiresUnreferencedCode]</c>.</summary>
    public const string UnreferencedCode =
        "ModelGen.Gpu runs on ILGPU, which reads kernel IL through reflection at run time: trimming breaks it.";
}
