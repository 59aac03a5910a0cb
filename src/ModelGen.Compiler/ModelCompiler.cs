using ContentHash = ModelGen.Runtime.ContentHash;

namespace ModelGen.Compiler
{
    /// <summary>The compiler's public entry point, shared by the source generator, the CLI and the tests.</summary>
    public static class ModelCompiler
    {
        /// <summary>Compiles the bytes of an .onnx file. Never throws: problems come back in the result.</summary>
        public static CompileResult Compile(byte[] onnxBytes, CompileOptions options) => Pipeline.Run(onnxBytes, options);

        /// <summary>
        /// Compiles the model for the CPU and, beside it, a GPU session over ModelGen.Gpu (the generator does this when
        /// the project references ModelGen.Gpu): the CPU sources unchanged, plus {Class}Gpu and its host class, and
        /// MG0601 warnings for the nodes that run on the CPU in the session. Never throws.
        /// </summary>
        public static CompileResult CompileWithGpu(byte[] onnxBytes, CompileOptions options) =>
            Emit.Gpu.GpuCompile.WithSession(onnxBytes, options, Pipeline.Run(onnxBytes, options));

        /// <summary>The content hash generated code checks weights against (the same function the runtime uses).</summary>
        public static ulong HashOf(byte[] bytes) => ContentHash.Compute(bytes);
    }
}
