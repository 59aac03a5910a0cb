using System;

namespace ModelGen.Benchmarks
{
    /// <summary>A model the harness cannot measure (does not compile, inputs do not fit): reported in the file, the other rows still run.</summary>
    internal sealed class BenchmarkException : Exception
    {
        public BenchmarkException(string message) : base(message) { }
    }
}
