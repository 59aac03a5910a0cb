namespace ModelGen.Cli
{
    /// <summary>The exit codes of <c>modelgen</c>: a contract scripts rely on.</summary>
    public static class ExitCodes
    {
        /// <summary>Success; for <c>run</c>: every output within tolerance, or no expected outputs.</summary>
        public const int Success = 0;
        /// <summary><c>run</c>: some output is outside tolerance (or has the wrong type or shape).</summary>
        public const int OutsideTolerance = 1;
        /// <summary>The model cannot be compiled; the problems were printed.</summary>
        public const int CompileProblems = 2;
        /// <summary>Any other failure: unreadable test data, wrong input sizes, generated C# that does not compile, a crash.</summary>
        public const int Failure = 3;
        /// <summary>Usage error: unknown verb or option, bad option value, missing file.</summary>
        public const int Usage = 64;
    }
}
