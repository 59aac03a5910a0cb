using ContentHash = ModelGen.Runtime.ContentHash;

namespace ModelGen.Compiler
{
    /// <summary>The compiler's public entry point, shared by the source generator, the CLI and the tests.</summary>
    public static class ModelCompiler
    {
        /// <summary>Compiles the bytes of an .onnx file. Never throws: problems come back in the result.</summary>
        public static CompileResult Compile(byte[] onnxBytes, CompileOptions options) => Pipeline.Run(onnxBytes, options);

        /// <summary>The content hash generated code checks weights against (the same function the runtime uses).</summary>
        public static ulong HashOf(byte[] bytes) => ContentHash.Compute(bytes);
    }
}
