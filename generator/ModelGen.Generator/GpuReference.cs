using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generator
{
    /// <summary>
    /// Whether the project references ModelGen.Gpu: then the generator also emits a GPU session for each model. The
    /// answer is a bool, so the compile step's input stays equatable and an unrelated edit still hits the cache; without
    /// the reference nothing GPU-related is emitted, so the CPU path stays trim- and AOT-clean.
    /// </summary>
    internal static class GpuReference
    {
        public const string GpuAssembly = "ModelGen.Gpu";

        public static bool IsPresent(Compilation compilation) =>
            compilation.ReferencedAssemblyNames.Any(a => string.Equals(a.Name, GpuAssembly, StringComparison.Ordinal));
    }
}
