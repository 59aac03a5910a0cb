using System.Globalization;

namespace ModelGen.Generator
{
    /// <summary>
    /// The Threads metadata (or the ModelGenThreads property): the generated class's default thread budget. "1" (the
    /// default) keeps every kernel on the calling thread; a positive integer N allows N threads; "auto" the processor
    /// count of the machine the app runs on (capped). Anything else is warning MG0408 and the default.
    /// </summary>
    internal static class ThreadsOption
    {
        /// <summary>More than any machine this targets has cores: a typo ("40" for "4") stays a warning, not a budget.</summary>
        public const int Max = 1024;

        public static int Parse(string? value, out RequestProblem? problem)
        {
            problem = null;
            if (value == null) return 1;
            if (string.Equals(value, "auto", System.StringComparison.OrdinalIgnoreCase)) return ModelGen.Compiler.CompileOptions.AutoThreads;
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= Max) return n;
            problem = new RequestProblem("MG0408", "Threads '" + value + "' is neither \"auto\" nor a whole number from 1 to " + Max + "; the model runs on the calling thread only (1).");
            return 1;
        }
    }
}
