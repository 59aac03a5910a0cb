using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generator
{
    /// <summary>
    /// The generator↔runtime version handshake: generated code calls the ModelGen.Runtime of the generator's own version
    /// (both are stamped from Directory.Build.props). A project that references another version, or none, would fail
    /// later with errors about missing members, or at run time with a MissingMethodException; this turns it into one
    /// clear build error (MG0404) at the model instead.
    /// </summary>
    internal static class RuntimeHandshake
    {
        public const string RuntimeAssembly = "ModelGen.Runtime";

        /// <summary>The generator's version: what the runtime must match.</summary>
        public static Version Expected { get; } = typeof(RuntimeHandshake).Assembly.GetName().Version ?? new Version(0, 0);

        /// <summary>Null when the compilation references the matching runtime; otherwise the problem, as a message (equatable, for caching).</summary>
        public static string? Check(Compilation compilation)
        {
            var runtime = compilation.ReferencedAssemblyNames.FirstOrDefault(a => string.Equals(a.Name, RuntimeAssembly, StringComparison.Ordinal));
            if (runtime == null)
                return "the project does not reference " + RuntimeAssembly + " (generator " + Expected + "); reference the ModelGen package, which brings both.";
            if (runtime.Version != Expected)
                return "the project references " + RuntimeAssembly + " " + runtime.Version + " but the generator is " + Expected + "; reference one ModelGen package version for both.";
            return null;
        }
    }
}
