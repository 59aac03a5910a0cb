using System;
using System.IO;
using ModelGen.Cli;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using Xunit;

namespace ModelGen.Tests.Cli
{
    /// <summary>--no-winograd on emit and inspect, on a 16→16 3×3 Conv at 56×56, which runs by Winograd by default.</summary>
    public sealed class CliNoWinogradTests
    {
        private static string WriteConv(string dir)
        {
            var w = new float[16 * 16 * 9];
            for (int i = 0; i < w.Length; i++) w[i] = (float)Math.Sin(i) * 0.1f;
            string path = Path.Combine(dir, "conv3.onnx");
            new OnnxModelBuilder("conv3", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1, 16, 56, 56 })
                .Initializer("w", new[] { 16, 16, 3, 3 }, w)
                .Node("Conv", new[] { "x", "w" }, new[] { "y" }, name: "conv", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                .Output("y", ElementType.Float, new object[] { 1, 16, 56, 56 })
                .Save(path);
            return path;
        }

        [Fact]
        public void Emit_NoWinograd_WritesTheDirectConvolution()
        {
            using var dir = new TempDir();
            string model = WriteConv(dir.Path);
            CliRunner.Expect(ExitCodes.Success, "emit", model, "-o", dir.File("on"));
            CliRunner.Expect(ExitCodes.Success, "emit", model, "-o", dir.File("off"), "--no-winograd");
            Assert.Contains("Conv.Winograd", File.ReadAllText(Path.Combine(dir.File("on"), "Conv3.Run.g.cs")), StringComparison.Ordinal);
            string off = File.ReadAllText(Path.Combine(dir.File("off"), "Conv3.Run.g.cs"));
            Assert.DoesNotContain("Conv.Winograd", off, StringComparison.Ordinal);
            Assert.Contains("Conv.Shifted", off, StringComparison.Ordinal);
        }

        [Fact]
        public void Inspect_NoWinograd_ListsNoWinogradCall()
        {
            using var dir = new TempDir();
            string model = WriteConv(dir.Path);
            Assert.Contains("conv.winograd", CliRunner.Expect(ExitCodes.Success, "inspect", model, "--lowered").Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("conv.winograd", CliRunner.Expect(ExitCodes.Success, "inspect", model, "--lowered", "--no-winograd").Stdout, StringComparison.Ordinal);
        }
    }
}
