using System.Threading.Tasks;
using ModelGen.Analyzers;
using ModelGen.CodeFixes;
using Xunit;
using static ModelGen.Tests.Diagnostics.AnalyzerVerifier;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>MG0501 through Roslyn's test frameworks: the analyzer, and the code fix that adds <c>partial</c>.</summary>
    public sealed class PartialClassAnalyzerTests
    {
        [Fact]
        public Task MG0501_CodeFixAddsPartial() =>
            VerifyFixAsync<OnnxModelClassAnalyzer, MakePartialCodeFix>(@"
namespace TestApp
{
    [{|MG0501:global::ModelGen.Runtime.OnnxModel(""a.onnx"")|}]
    public sealed class Digits { }

    [{|MG0501:global::ModelGen.Runtime.OnnxModel(""b.onnx"")|}]
    class Bare { }
}
", @"
namespace TestApp
{
    [global::ModelGen.Runtime.OnnxModel(""a.onnx"")]
    public sealed partial class Digits { }

    [global::ModelGen.Runtime.OnnxModel(""b.onnx"")]
    partial class Bare { }
}
");

        [Fact]
        public Task MG0501_NoFixForAStaticPartialClass() =>
            // Static is the problem there, not a missing modifier: the diagnostic stays and the code is unchanged.
            VerifyFixAsync<OnnxModelClassAnalyzer, MakePartialCodeFix>(@"
namespace TestApp
{
    [{|MG0501:global::ModelGen.Runtime.OnnxModel(""a.onnx"")|}]
    public static partial class Digits { }
}
", @"
namespace TestApp
{
    [{|MG0501:global::ModelGen.Runtime.OnnxModel(""a.onnx"")|}]
    public static partial class Digits { }
}
");

        [Fact]
        public Task MG0501_PartialClassIsFine() =>
            VerifyAsync<OnnxModelClassAnalyzer>(@"
namespace TestApp
{
    [global::ModelGen.Runtime.OnnxModel(""a.onnx"")]
    public partial class Digits { }
}
");

        [Fact]
        public Task MG0501_SeverityNoneInEditorConfigSilencesIt() =>
            VerifyAsync<OnnxModelClassAnalyzer>(@"
namespace TestApp
{
    [global::ModelGen.Runtime.OnnxModel(""a.onnx"")]
    public class Digits { }
}
", "dotnet_diagnostic.MG0501.severity = none");
    }
}
