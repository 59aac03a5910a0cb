using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using ModelGen.Tests.Infrastructure;
using ModelGen.Tests.Reliability;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.BuildIntegration
{
    /// <summary>
    /// The generator in a real `dotnet build` whose processes run under tr-TR (LANG/LC_ALL), with the compiler in
    /// process (no shared compiler server started under another culture): the generated files must be the bytes the
    /// in-process generator writes under the invariant culture.
    /// </summary>
    [Collection(DotnetChild.Collection)]
    public sealed class CultureChildBuildTest
    {
        private readonly ITestOutputHelper _output;

        public CultureChildBuildTest(ITestOutputHelper output)
        {
            _output = output;
        }

        [LongTestFact]
        public void A_build_under_tr_TR_generates_the_invariant_bytes()
        {
            var solution = ChildSolution.Create();
            const string program = @"using System;
using System.Globalization;

namespace TrApp
{
    public static class Program
    {
        public static int Main()
        {
            Console.WriteLine(""culture "" + CultureInfo.CurrentCulture.Name + "" "" + ""i"".ToUpper() + "" "" + 1.5.ToString());
            return 0;
        }
    }
}
";
            string project = solution.AddProject("TrApp", CultureModels.All(), program);
            var env = new Dictionary<string, string> { ["LANG"] = "tr_TR.UTF-8", ["LC_ALL"] = "tr_TR.UTF-8", ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "0" };
            var build = DotnetChild.Run(project, new[] { "build", "-c", "Release", "-nodeReuse:false", "-nologo", "-p:UseSharedCompilation=false" }, TimeSpan.FromMinutes(10), env);
            _output.WriteLine("dotnet build under tr-TR: exit " + build.ExitCode + " in " + build.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
            Assert.True(build.ExitCode == 0, "the build failed:\n" + build.Output);

            // The child's .NET processes really see tr-TR (what the compiler process saw too, from the same environment).
            var run = DotnetChild.Run(project, new[] { Path.Combine(project, "bin", "Release", "net10.0", "TrApp.dll") }, TimeSpan.FromMinutes(2), env);
            _output.WriteLine(run.Output);
            Assert.Contains("culture tr-TR \u0130 1,5", run.Output, StringComparison.Ordinal);

            var files = solution.GeneratedFiles().Where(f => f.Key.EndsWith(".g.cs", StringComparison.Ordinal))
                .ToDictionary(f => Path.GetFileName(f.Key), f => Normalize(Encoding.UTF8.GetString(f.Value)), StringComparer.Ordinal);
            var items = CultureModels.All().Select(m => new ModelItem(Path.Combine(project, m.Name))).ToList();
            var inProcess = CultureScope.Run("", () => GeneratorHarness.Run("", items, rootNamespace: "TrApp")).Sources
                .ToDictionary(s => s.Key, s => Normalize(s.Value), StringComparer.Ordinal);
            CultureDeterminismTests.AssertSameSources(inProcess, files, "the tr-TR child build");
        }

        /// <summary>
        /// The build names each embedded model by its SHA-256, the in-memory harness by its file name: the one line that may differ.
        /// </summary>
        /// <remarks>
        /// The compiler writes the files with a UTF-8 byte order mark, which the in-memory text does not have.
        /// </remarks>
        private static string Normalize(string source) => Regex.Replace(source.TrimStart('\uFEFF'), "ModelGen\\.[A-Za-z0-9_.]+\\.onnx", "ModelGen.<resource>.onnx");
    }
}
