using System;
using System.IO;
using System.Linq;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.BuildIntegration
{
    /// <summary>
    /// The real thing: `dotnet build -c Release` of tests/BuildIntegration/SharedModels (the source generator and the
    /// build targets over the four shared models, all named model.onnx), then `dotnet SharedModels.dll`, which calls each
    /// model's typed Predict API and compares with its test data. The project sets ModelGenDumpIr (each model's IR dump
    /// lands under obj/) and Optimize="false" on Sine (its dump says so).
    /// </summary>
    /// <remarks>
    /// The child build uses Release, so it never touches the Debug bin/obj folders the test run was built into, and it
    /// builds in place (not under --artifacts-path): the generator loads ModelGen.Compiler.dll from
    /// src/ModelGen.Compiler/bin/$(Configuration), so an artifacts build would run a stale or missing compiler.
    /// MSBuild variables that `dotnet test` leaves in the test host's environment are removed from the child's.
    /// </remarks>
    [Collection(DotnetChild.Collection)]
    public sealed class SharedModelsBuildTest
    {
        private static readonly string[] s_models = { "Mnist", "SuperResolution", "Sine", "UltraFace" };

        private readonly ITestOutputHelper _output;

        public SharedModelsBuildTest(ITestOutputHelper output)
        {
            _output = output;
        }

        [SharedDataFact]
        public void Shared_models_build_with_the_generator_and_match_their_test_data()
        {
            string project = Path.Combine(TestPaths.RepoRoot, "tests", "BuildIntegration", "SharedModels");
            Assert.True(File.Exists(Path.Combine(project, "SharedModels.csproj")), "missing " + project);

            // CoreCompile must run, so that the IR dumps checked below are this build's: remove its output and the dumps.
            string obj = Path.Combine(project, "obj", "Release", "net10.0");
            if (Directory.Exists(Path.Combine(obj, "generated"))) Directory.Delete(Path.Combine(obj, "generated"), recursive: true);
            if (File.Exists(Path.Combine(obj, "SharedModels.dll"))) File.Delete(Path.Combine(obj, "SharedModels.dll"));

            var build = DotnetChild.Run(project, new[] { "build", "SharedModels.csproj", "-c", "Release", "-nodeReuse:false", "-nologo" },
                TimeSpan.FromMinutes(10));
            _output.WriteLine("dotnet build -c Release: exit " + build.ExitCode + " in " + build.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s");
            Assert.False(build.TimedOut, "dotnet build timed out after 10 minutes:" + Environment.NewLine + build.Output);
            Assert.True(build.ExitCode == 0, "dotnet build failed (exit " + build.ExitCode + "):" + Environment.NewLine + build.Output);

            foreach (var model in s_models)
            {
                var dump = Directory.Exists(Path.Combine(obj, "generated"))
                    ? Directory.GetFiles(Path.Combine(obj, "generated"), model + ".ir.g.cs", SearchOption.AllDirectories)
                    : Array.Empty<string>();
                Assert.True(dump.Length == 1, "ModelGenDumpIr: expected one " + model + ".ir.g.cs under " + obj + "/generated, found " + dump.Length);
                string text = File.ReadAllText(dump[0]);
                Assert.Contains(". after stage import", text);
                Assert.Contains(model == "Sine" ? "// Optimizing passes: off" : "// Optimizing passes: on.", text);
            }

            string dll = Path.Combine(project, "bin", "Release", "net10.0", "SharedModels.dll");
            Assert.True(File.Exists(dll), "the build reported success but " + dll + " is missing:" + Environment.NewLine + build.Output);
            var run = DotnetChild.Run(project, new[] { dll, Path.Combine(TestPaths.Shared, "models") }, TimeSpan.FromMinutes(5));
            _output.WriteLine("dotnet SharedModels.dll: exit " + run.ExitCode + " in " + run.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s");
            _output.WriteLine(run.Output);
            Assert.False(run.TimedOut, "SharedModels.dll timed out after 5 minutes:" + Environment.NewLine + run.Output);
            Assert.True(run.ExitCode == 0, "SharedModels.dll failed (exit " + run.ExitCode + "):" + Environment.NewLine + run.Output);
            var lines = run.Output.Split('\n').Select(l => l.Trim()).ToArray();
            foreach (var model in s_models)
                Assert.True(lines.Contains("PASS " + model), model + " is not listed as passing:" + Environment.NewLine + run.Output);
            Assert.Contains("RESULT: all 4 models PASS", run.Output);
        }
    }
}
