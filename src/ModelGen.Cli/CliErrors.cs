using System;

namespace ModelGen.Cli
{
    /// <summary>Thrown by a verb for a usage error (exit 64): bad option value, missing file.</summary>
    internal sealed class UsageException : Exception
    {
        public UsageException(string message) : base(message) { }
    }

    /// <summary>Thrown by a verb for a failure that is not a compile problem nor a tolerance miss (exit 3).</summary>
    internal sealed class CliFailureException : Exception
    {
        public CliFailureException(string message) : base(message) { }
    }
}
