using System.Collections.Generic;
using System.IO;
using ModelGen.Compiler;

namespace ModelGen.Fuzzing.Oracle
{
    /// <summary>The compile options of mutant number i: a pure function of i, so a recipe needs no options column.</summary>
    public static class FuzzOptions
    {
        /// <summary>
        /// A model path in a folder that does not exist: the compiler resolves external-data locations against the model's
        /// folder, and a path of its own keeps it from ever finding (or reading) a real file beside it.
        /// </summary>
        public static readonly string ModelPath = Path.Combine(Path.GetTempPath(), "modelgen-fuzz-absent", "models", "fuzz.onnx");

        /// <summary>Every fourth mutant compiles with the optimizing passes off: both pipelines must hold.</summary>
        public static bool Optimize(int index) => index % 4 != 3;

        public static CompileOptions For(int index) =>
            new CompileOptions("Fuzz" + index, "Fuzzing", ModelPath, "ModelGen.fuzz.onnx", new Dictionary<string, long>(), optimize: Optimize(index));
    }
}
