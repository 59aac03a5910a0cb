using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using ModelGen.Compiler.Ir;
using ModelGen.Tests.Differential;
using ModelGen.Tests.Generator;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.BuildIntegration
{
    /// <summary>
    /// A build cancelled midway (the IDE cancels design-time builds all the time; a user presses Ctrl+C) must leave
    /// nothing that breaks the next one. A project with a model is built, killed (process tree) at several points
    /// after the compiler started — a design-time build too — and then built normally: it must succeed, its generated
    /// files must be those of an uninterrupted build, the app must give ONNX Runtime's answer, and a further build must
    /// be incremental (the assembly not rewritten). The generator writes no files itself; the targets only add items.
    /// </summary>
    [Collection(DotnetChild.Collection)]
    public sealed class CancelledBuildTest
    {
        private readonly ITestOutputHelper _output;

        public CancelledBuildTest(ITestOutputHelper output)
        {
            _output = output;
        }

        [LongTestFact]
        public void A_build_killed_after_the_compiler_started_leaves_nothing_corrupt()
        {
            var solution = ChildSolution.Create();
            byte[] model = GenModels.TinyNet(2);
            float[] x = GenModels.Input(2, 5);
            byte[] xBytes = MemoryMarshal.AsBytes(x.AsSpan()).ToArray();
            string calls = "            Run(\"Tiny\", new TinyNet(), \"" + Convert.ToHexString(xBytes) + "\");\n";
            // Several models make the generator's part of CoreCompile long enough to be hit.
            var models = new List<(string, byte[])> { ("tiny_net.onnx", model) };
            models.AddRange(Reliability.CultureModels.All());
            string project = solution.AddProject("Cancel", models, ParallelSolutionBuildTest.Program("Cancel", calls));
            var ort = OrtReference.Run(model, new[] { new DiffTensor("x", ElementType.Float, new long[] { 2, 4 }, xBytes) });
            string expected = "Tiny " + Convert.ToHexString(ort.Outputs![0].Raw);

            var reference = Build(project, "reference build");
            var referenceFiles = solution.GeneratedFiles();
            Assert.NotEmpty(referenceFiles);
            string dll = Path.Combine(project, "obj", "Release", "net10.0", "Cancel.dll");

            var normal = new[] { "build", "-c", "Release", "-nodeReuse:false", "-nologo", "-v:n", "-tl:off" };
            var designTime = new[] { "msbuild", "-t:Compile", "-p:Configuration=Release", "-p:DesignTimeBuild=true", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true", "-nodeReuse:false", "-nologo", "-v:n", "-tl:off" };
            var report = new StringBuilder();
            foreach (var (what, args, afterMs) in new[]
            {
                ("normal build, killed 0 ms after the compiler started", normal, 0),
                ("normal build, killed 400 ms after the compiler started", normal, 400),
                ("normal build, killed 1500 ms after the compiler started", normal, 1500),
                ("design-time build, killed 200 ms after Compile began", designTime, 200),
            })
            {
                // Make CoreCompile run again: a changed model (same bytes back afterwards) and no assembly.
                File.SetLastWriteTimeUtc(Path.Combine(project, "tiny_net.onnx"), DateTime.UtcNow);
                File.Delete(dll);
                var killed = BuildAndKill(project, args, afterMs);
                report.AppendLine(what + ": " + killed);

                Build(project, "build after: " + what);
                var files = solution.GeneratedFiles();
                Assert.Equal(referenceFiles.Keys, files.Keys);
                foreach (var (path, bytes) in referenceFiles)
                    Assert.True(bytes.AsSpan().SequenceEqual(files[path]), what + ": " + path + " differs from the uninterrupted build's");
                var run = DotnetChild.Run(project, new[] { Path.Combine(project, "bin", "Release", "net10.0", "Cancel.dll") }, TimeSpan.FromMinutes(2));
                Assert.True(run.ExitCode == 0, what + ": the app failed:\n" + run.Output);
                Assert.Contains(expected, run.Output, StringComparison.Ordinal);

                // Incremental: nothing changed, so the compiler must not run and the assembly keeps its time stamp.
                var stamp = File.GetLastWriteTimeUtc(dll);
                Build(project, "incremental build after: " + what);
                Assert.Equal(stamp, File.GetLastWriteTimeUtc(dll));
            }
            _output.WriteLine(report.ToString());
        }

        private TimeSpan Build(string project, string what)
        {
            var build = DotnetChild.Run(project, new[] { "build", "-c", "Release", "-nodeReuse:false", "-nologo" }, TimeSpan.FromMinutes(10));
            _output.WriteLine(what + ": exit " + build.ExitCode + " in " + build.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
            Assert.True(build.ExitCode == 0, what + " failed:\n" + build.Output);
            return build.Elapsed;
        }

        /// <summary>Starts the build, waits for the compiler (the Csc task's line in the log), waits <paramref name="afterMs"/> more, and kills the process tree.</summary>
        private static string BuildAndKill(string project, string[] args, int afterMs)
        {
            string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            var start = new ProcessStartInfo(host != null && File.Exists(host) ? host : "dotnet")
            {
                WorkingDirectory = project,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in args) start.ArgumentList.Add(a);
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase)).ToList())
                start.Environment.Remove(key);
            using var compiling = new ManualResetEventSlim();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) =>
            {
                // The Csc task logs its command line (csc.dll, or the compiler server's exec) at normal verbosity.
                if (e.Data != null && (e.Data.Contains("csc.dll", StringComparison.Ordinal) || e.Data.Contains("CoreCompile", StringComparison.Ordinal) || e.Data.Contains("CompilerServer", StringComparison.Ordinal)))
                    compiling.Set();
            };
            process.ErrorDataReceived += (_, _) => { };
            var clock = Stopwatch.StartNew();
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            bool seen = false;
            while (!seen && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(5)) seen = compiling.Wait(50);
            var reachedAt = clock.Elapsed;
            Thread.Sleep(afterMs);
            bool finishedFirst = process.HasExited;
            if (!finishedFirst)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
            process.WaitForExit(60_000);
            return (seen ? "compiler started at " + reachedAt.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s" : "compiler line never seen") + ", " +
                   (finishedFirst ? "the build had already finished (" + process.ExitCode + ")" : "killed at " + clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
        }
    }
}
