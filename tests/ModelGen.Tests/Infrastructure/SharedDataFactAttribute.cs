using System;
using Xunit;

namespace ModelGen.Tests.Infrastructure
{
    /// <summary>
    /// A fact that needs ../shared (real models, the ONNX backend suite). When the folder is absent the test is
    /// reported as skipped with the reason, never as passed.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class SharedDataFactAttribute : FactAttribute
    {
        public SharedDataFactAttribute()
        {
            if (!TestPaths.SharedAvailable) Skip = "needs ../shared (models and ONNX backend tests beside the checkout), which is absent: " + TestPaths.Shared;
        }
    }

    /// <summary>The theory form of <see cref="SharedDataFactAttribute"/>.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class SharedDataTheoryAttribute : TheoryAttribute
    {
        public SharedDataTheoryAttribute()
        {
            if (!TestPaths.SharedAvailable) Skip = "needs ../shared (models and ONNX backend tests beside the checkout), which is absent: " + TestPaths.Shared;
        }
    }
}
