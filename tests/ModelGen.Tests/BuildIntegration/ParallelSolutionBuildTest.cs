using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using ModelGen.Compiler.Ir;
using ModelGen.Tests.Differential;
using ModelGen.Tests.Generator;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.BuildIntegration
{
    /// <summary>
    /// The generator under a parallel build: a solution of 4 projects × 5 distinct models built with `dotnet build -m`
    /// (the projects compile at once, their generator runs share one compiler server), every model's Predict checked
    /// against ONNX Runtime, and the generated files of a second, full (--no-incremental) `-m` build byte-identical.
    /// </summary>
    [Collection(DotnetChild.Collection)]
    public sealed class ParallelSolutionBuildTest
    {
        private const int Projects = 4, ModelsPerProject = 5;

        private readonly ITestOutputHelper _output;

        public ParallelSolutionBuildTest(ITestOutputHelper output)
        {
            _output = output;
        }

        [LongTestFact]
        public void Twenty_models_in_four_projects_build_in_parallel_with_correct_results_and_identical_sources()
        {
            var solution = ChildSolution.Create();
            var expected = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (int p = 0; p < Projects; p++)
            {
                var models = new List<(string, byte[])>();
                var calls = new StringBuilder();
                for (int k = 0; k < ModelsPerProject; k++)
                {
                    int n = p * ModelsPerProject + k;
                    byte[] bytes = GenModels.TinyNet(2, GenModels.W.Select(w => w * (1 + 0.125f * n) - 0.0625f * n).ToArray());
                    float[] x = GenModels.Input(2, n);
                    byte[] xBytes = MemoryMarshal.AsBytes(x.AsSpan()).ToArray();
                    models.Add(("net" + k + ".onnx", bytes));
                    calls.Append("            Run(\"P" + p + ".Net" + k + "\", new Net" + k + "(), \"" + Convert.ToHexString(xBytes) + "\");\n");
                    var ort = OrtReference.Run(bytes, new[] { new DiffTensor("x", ElementType.Float, new long[] { 2, 4 }, xBytes) });
                    Assert.True(ort.Outputs != null, "ONNX Runtime did not run model " + n + ": " + ort.NoKernel);
                    expected["P" + p + ".Net" + k] = MemoryMarshal.Cast<byte, float>(ort.Outputs![0].Raw.AsSpan()).ToArray();
                }
                solution.AddProject("P" + p, models, Program("P" + p, calls.ToString()));
            }
            string sln = solution.WriteSolution();

            var first = Build(solution, sln, "first -m build", "--no-incremental");
            var generated = solution.GeneratedFiles();
            // Each model's class file (beside it, each model's helper sources).
            Assert.Equal(Projects * ModelsPerProject, generated.Keys.Count(k => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(k), "^Net[0-9]\\.g\\.cs$")));

            for (int p = 0; p < Projects; p++)
            {
                string dll = Path.Combine(solution.Root, "P" + p, "bin", "Release", "net10.0", "P" + p + ".dll");
                var run = DotnetChild.Run(solution.Root, new[] { dll }, TimeSpan.FromMinutes(2));
                Assert.True(run.ExitCode == 0, "P" + p + ".dll failed (exit " + run.ExitCode + "):\n" + run.Output);
                var lines = run.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
                for (int k = 0; k < ModelsPerProject; k++)
                {
                    string name = "P" + p + ".Net" + k;
                    string? line = lines.FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
                    Assert.True(line != null, name + " printed nothing:\n" + run.Output);
                    var actual = MemoryMarshal.Cast<byte, float>(Convert.FromHexString(line!.Substring(name.Length + 1)).AsSpan()).ToArray();
                    var want = expected[name];
                    Assert.Equal(want.Length, actual.Length);
                    for (int i = 0; i < want.Length; i++)
                        Assert.True(Math.Abs(actual[i] - want[i]) <= 1e-5 + 1e-5 * Math.Abs(want[i]), name + "[" + i + "]: " + actual[i] + ", ONNX Runtime " + want[i]);
                }
            }

            var second = Build(solution, sln, "second -m build (--no-incremental)", "--no-incremental");
            var again = solution.GeneratedFiles();
            Assert.Equal(generated.Keys, again.Keys);
            foreach (var (path, bytes) in generated)
                Assert.True(bytes.AsSpan().SequenceEqual(again[path]), path + " differs between the two parallel builds");
            _output.WriteLine("20 models, 4 projects: first build " + first.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s, second " +
                              second.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s; " + generated.Count + " generated files identical");
        }

        private TimeSpan Build(ChildSolution solution, string sln, string what, params string[] extra)
        {
            var args = new[] { "build", sln, "-m", "-c", "Release", "-nodeReuse:false", "-nologo", "-v:q" }.Concat(extra).ToArray();
            var build = DotnetChild.Run(solution.Root, args, TimeSpan.FromMinutes(10));
            _output.WriteLine(what + ": exit " + build.ExitCode + " in " + build.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
            Assert.False(build.TimedOut, what + " timed out:\n" + build.Output);
            Assert.True(build.ExitCode == 0, what + " failed (exit " + build.ExitCode + "):\n" + build.Output);
            return build.Elapsed;
        }

        /// <summary>Prints each model's output bytes as hex, through the untyped ICompiledModel face (weights embedded by the targets).</summary>
        internal static string Program(string ns, string calls) => @"using System;
using ModelGen.Runtime;

namespace " + ns + @"
{
    public static class Program
    {
        public static int Main()
        {
" + calls + @"            return 0;
        }

        private static void Run(string name, ICompiledModel model, string inputHex)
        {
            var outputs = model.Run(ReadOnlySpan<int>.Empty, new ReadOnlyMemory<byte>[] { Convert.FromHexString(inputHex) });
            Console.WriteLine(name + "" "" + Convert.ToHexString(outputs[0].Bytes));
        }
    }
}
";
    }
}
