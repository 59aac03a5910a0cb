using System;
using Xunit;

namespace ModelGen.Tests.Infrastructure
{
    /// <summary>
    /// A fact too slow for every CI run (child builds of whole solutions): it runs only when MODELGEN_LONG_TESTS=1,
    /// and is reported as skipped, with the reason, otherwise.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class LongTestFactAttribute : FactAttribute
    {
        public const string Variable = "MODELGEN_LONG_TESTS";

        public LongTestFactAttribute()
        {
            if (Environment.GetEnvironmentVariable(Variable) != "1") Skip = "a long test (child solution builds): set " + Variable + "=1 to run it";
        }
    }
}
