namespace ModelGen.Fuzzing.Oracle
{
    /// <summary>How one model ended: the first two are fine, the rest are failures.</summary>
    public enum Outcome
    {
        /// <summary>Compiled: sources and no error.</summary>
        Compiled,
        /// <summary>Refused with ModelGen errors only (no MG0901).</summary>
        Diagnosed,
        /// <summary>An exception came out of ModelCompiler.Compile.</summary>
        Threw,
        /// <summary>MG0901: the compiler's own boundary caught an exception, a bug in the compiler all the same.</summary>
        InternalError,
        /// <summary>Neither a success nor an MG error (no sources and no error, or a non-MG id).</summary>
        NoVerdict,
        /// <summary>Still running after the time limit.</summary>
        Hang,
        /// <summary>Allocated more than the memory limit.</summary>
        Unbounded,
        /// <summary>Compiled, but the generated C# does not compile: the user's build would break.</summary>
        BadCode,
    }

    /// <summary>The oracle's verdict on one model: the outcome, the error ids, a detail line, the time and bytes it took.</summary>
    public sealed record Verdict(Outcome Outcome, string Ids, string Detail, double Milliseconds, long AllocatedBytes)
    {
        public bool IsFailure => Outcome != Outcome.Compiled && Outcome != Outcome.Diagnosed;

        public override string ToString() => Outcome + (Ids.Length > 0 ? " " + Ids : "") + (Detail.Length > 0 ? ": " + Detail : "");
    }
}
