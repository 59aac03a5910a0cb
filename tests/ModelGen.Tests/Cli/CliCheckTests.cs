using ModelGen.Tests.Infrastructure;
using System.IO;
using System.Linq;
using ModelGen.Cli;
using Xunit;

namespace ModelGen.Tests.Cli
{
    public class CliCheckTests
    {
        [Fact]
        public void Check_GoodModel_ExitsZeroWithSummary()
        {
            using var dir = new TempDir();
            var outcome = CliRunner.Expect(ExitCodes.Success, "check", TinyModels.WriteAddRelu(dir.Path));
            Assert.Contains("compiles", outcome.Stdout);
            Assert.Contains("symbolic dims: N", outcome.Stdout);
        }

        [Fact]
        public void Check_ThreeUnsupportedOps_ListsEveryProblem()
        {
            using var dir = new TempDir();
            string model = dir.File("bad.onnx");
            File.WriteAllBytes(model, TinyModels.ThreeUnsupportedOps());
            var outcome = CliRunner.Expect(ExitCodes.CompileProblems, "check", model);
            var errors = outcome.Stdout.Split('\n').Where(l => l.StartsWith("error MG0101:", System.StringComparison.Ordinal)).ToArray();
            Assert.True(errors.Length == 3, outcome.ToString());
            foreach (var (node, op) in new[] { ("first_bad", "RandomNormalLike"), ("second_bad", "Multinomial"), ("third_bad", "Bernoulli") })
                Assert.Contains(errors, l => l.Contains(node) && l.Contains(op));
            Assert.Contains("does not compile: 3 errors", outcome.Stdout);
        }

        [Fact]
        public void Check_NotAnOnnxFile_ExitsTwo()
        {
            using var dir = new TempDir();
            string model = dir.File("garbage.onnx");
            File.WriteAllBytes(model, new byte[] { 0xff, 0xff, 0xff, 0x01, 0x02 });
            var outcome = CliRunner.Expect(ExitCodes.CompileProblems, "check", model);
            Assert.Contains("error MG", outcome.Stdout);
        }

        [SharedDataFact]
        public void Check_Mnist_ExitsZero()
        {
            var outcome = CliRunner.Expect(ExitCodes.Success, "check", SharedData.Model("mnist-8"));
            Assert.Contains("nodes", outcome.Stdout);
            Assert.Contains("arena", outcome.Stdout);
        }
    }
}
