using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Packaging
{
    /// <summary>
    /// The Digits sample published with NativeAOT (`dotnet publish -r linux-x64 -p:Aot=true`): no warning from the trim
    /// and AOT analysis, one native executable, and the same output as the sample under the JIT (every prediction and
    /// the held-out accuracy; only the timing lines differ).
    /// </summary>
    [Collection(DotnetChild.Collection)]
    public sealed class NativeAotPublishTest
    {
        private readonly ITestOutputHelper _output;

        public NativeAotPublishTest(ITestOutputHelper output)
        {
            _output = output;
        }

        /// <summary>The lines that measure this run (time per call, startup, which code ran optimised), not the model.</summary>
        private static readonly string[] s_timingLines = { "Predict:", "Startup:", "Configuration:" };

        [LinuxX64Fact]
        public void The_sample_publishes_with_NativeAOT_without_warnings_and_predicts_as_under_the_JIT()
        {
            string project = Path.Combine(TestPaths.RepoRoot, "sample-apps", "Digits", "Digits.csproj");
            string dir = Path.Combine(Path.GetTempPath(), "modelgen-aot-" + Guid.NewGuid().ToString("N"));
            try
            {
                var publish = DotnetChild.Run(TestPaths.RepoRoot, new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "-p:Aot=true", "-o", dir, "-nodeReuse:false", "-nologo" },
                    TimeSpan.FromMinutes(10));
                _output.WriteLine("dotnet publish -p:Aot=true: exit " + publish.ExitCode + " in " + publish.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
                Assert.True(publish.ExitCode == 0 && !publish.TimedOut, "publish failed:" + Environment.NewLine + publish.Output);
                var warnings = publish.Output.Split('\n').Where(l => l.Contains("warning", StringComparison.OrdinalIgnoreCase)).ToList();
                Assert.True(warnings.Count == 0, "publish warnings:" + Environment.NewLine + string.Join(Environment.NewLine, warnings));
                string exe = Path.Combine(dir, "Digits");
                Assert.True(File.Exists(exe), "no native executable at " + exe);
                _output.WriteLine("executable: " + new FileInfo(exe).Length + " bytes");

                var native = DotnetChild.RunProgram(exe, dir, TimeSpan.FromMinutes(5));
                Assert.True(native.ExitCode == 0, "the NativeAOT sample failed:" + Environment.NewLine + native.Output);
                Assert.Contains("(NativeAOT)", native.Output, StringComparison.Ordinal);

                var build = DotnetChild.Run(TestPaths.RepoRoot, new[] { "build", project, "-c", "Release", "-nodeReuse:false", "-nologo" }, TimeSpan.FromMinutes(10));
                Assert.True(build.ExitCode == 0, "build failed:" + Environment.NewLine + build.Output);
                string dll = Path.Combine(TestPaths.RepoRoot, "sample-apps", "Digits", "bin", "Release", "net10.0", "Digits.dll");
                var jit = DotnetChild.Run(dir, new[] { dll }, TimeSpan.FromMinutes(5));
                Assert.True(jit.ExitCode == 0, "the JIT sample failed:" + Environment.NewLine + jit.Output);
                Assert.Contains("(JIT)", jit.Output, StringComparison.Ordinal);

                _output.WriteLine(native.Output);
                Assert.Contains("Held-out accuracy: 1996/2000", native.Output, StringComparison.Ordinal);
                Assert.Equal(ModelLines(jit.Output), ModelLines(native.Output));
            }
            finally
            {
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        private static string[] ModelLines(string output) =>
            output.Replace("\r", "").Split('\n').Where(l => !s_timingLines.Any(t => l.StartsWith(t, StringComparison.Ordinal))).ToArray();
    }

    /// <summary>A fact that runs only on Linux x64 (the NativeAOT publish targets linux-x64), skipped with the reason elsewhere.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class LinuxX64FactAttribute : FactAttribute
    {
        public LinuxX64FactAttribute()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.OSArchitecture != Architecture.X64)
                Skip = "publishes for linux-x64 with NativeAOT; this machine is " + RuntimeInformation.RuntimeIdentifier;
        }
    }
}
