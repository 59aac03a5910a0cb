using ModelGen.Compiler.Emit;
using Xunit;

namespace ModelGen.Tests.Compiler
{
    /// <summary><see cref="Identifiers"/>: ONNX names to C# identifiers.</summary>
    public sealed class IdentifiersTests
    {
        [Theory]
        [InlineData("tiny_net", "TinyNet")]
        [InlineData("mnist-8", "Mnist8")]
        [InlineData("version-RFB-320", "VersionRFB320")]
        [InlineData("resnet50.v1", "Resnet50V1")]
        [InlineData("2bad", "_2bad")]
        [InlineData("8", "_8")]
        [InlineData("--", "Model")]
        [InlineData("", "Model")]
        public void Pascal(string name, string expected)
        {
            Assert.Equal(expected, Identifiers.Pascal(name));
            Assert.True(Identifiers.IsValid(Identifiers.Pascal(name)));
        }

        [Theory]
        [InlineData("Input3", "input3")]
        [InlineData("dense_2:0", "dense20")]
        [InlineData("batch_size", "batchSize")]
        [InlineData("XMLInput", "xmlInput")]
        [InlineData("RFB", "rfb")]
        [InlineData("class", "@class")]
        [InlineData("int", "@int")]
        [InlineData("In", "@in")]
        [InlineData("3d", "_3d")]
        [InlineData("::", "value")]
        public void Camel(string name, string expected)
        {
            Assert.Equal(expected, Identifiers.Camel(name));
        }

        [Theory]
        [InlineData("Foo", true)]
        [InlineData("_x1", true)]
        [InlineData("Ünïcode", true)]
        [InlineData("2bad", false)]
        [InlineData("class", false)]
        [InlineData("a-b", false)]
        [InlineData("a b", false)]
        [InlineData("", false)]
        public void IsValid(string name, bool expected)
        {
            Assert.Equal(expected, Identifiers.IsValid(name));
        }

        [Fact]
        public void UniqueAppendsNumbersInOrderOfAppearance()
        {
            Assert.Equal(new[] { "a", "a2", "b", "a3" }, Identifiers.Unique(new[] { "a", "a", "b", "a" }));
            Assert.Equal(new[] { "n2", "m" }, Identifiers.Unique(new[] { "n", "m" }, new System.Collections.Generic.HashSet<string> { "n" }));
        }
    }
}
