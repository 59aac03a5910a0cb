using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace ModelGen.Tests.Infrastructure
{
    /// <summary>
    /// Child `dotnet` processes for the tests that build real projects (the shared-models build, the package consumer):
    /// the host found as `dotnet test` found it, MSBuild's own variables removed, output captured, a time limit. The
    /// tests that use it share one collection, so two child builds of the same projects never run at once.
    /// </summary>
    public static class DotnetChild
    {
        public const string Collection = "dotnet child builds";

        public sealed class ChildResult
        {
            public int ExitCode { get; init; }
            public bool TimedOut { get; init; }
            public string Output { get; init; } = "";
            public TimeSpan Elapsed { get; init; }
        }

        /// <summary>Runs the dotnet host with <paramref name="arguments"/>; stdout and stderr captured together.</summary>
        public static ChildResult Run(string workingDirectory, string[] arguments, TimeSpan timeout, System.Collections.Generic.IReadOnlyDictionary<string, string>? environment = null)
        {
            string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return RunProgram(host != null && File.Exists(host) ? host : "dotnet", workingDirectory, timeout, arguments, environment);
        }

        /// <summary>Runs <paramref name="program"/> (a native executable, or the dotnet host) the same way.</summary>
        public static ChildResult RunProgram(string program, string workingDirectory, TimeSpan timeout, string[]? arguments = null,
            System.Collections.Generic.IReadOnlyDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo(program)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in arguments ?? Array.Empty<string>()) start.ArgumentList.Add(a);
            // `dotnet test` runs us under MSBuild, which exports its own location (MSBuildExtensionsPath, MSBUILD_EXE_PATH,
            // MSBuildSDKsPath, ...); a child `dotnet build` must find its SDK by itself.
            foreach (var key in start.Environment.Keys.ToList())
            {
                if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase))
                    start.Environment.Remove(key);
            }
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            if (environment != null)
                foreach (var kv in environment) start.Environment[kv.Key] = kv.Value;

            var output = new StringBuilder();
            var clock = Stopwatch.StartNew();
            using var process = new Process { StartInfo = start };
            // Each stream signals its end (a null line); after the child exits we wait for both, so no line is lost
            // under load. The wait is bounded: a build server that inherited the pipes must not hang the test.
            var outDone = new System.Threading.ManualResetEventSlim();
            var errDone = new System.Threading.ManualResetEventSlim();
            process.OutputDataReceived += (_, e) => { if (e.Data == null) outDone.Set(); else lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data == null) errDone.Set(); else lock (output) output.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            bool exited = process.WaitForExit((int)timeout.TotalMilliseconds);
            if (!exited)
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
            else
            {
                process.WaitForExit(); // the parameterless overload also drains the redirected streams
                outDone.Wait(TimeSpan.FromSeconds(60));
                errDone.Wait(TimeSpan.FromSeconds(60));
            }
            clock.Stop();
            string text;
            lock (output) text = output.ToString();
            return new ChildResult { ExitCode = exited ? process.ExitCode : -1, TimedOut = !exited, Output = text, Elapsed = clock.Elapsed };
        }
    }

    /// <summary>The tests that start child builds run one at a time (they build the same projects).</summary>
    [CollectionDefinition(DotnetChild.Collection)]
    public sealed class DotnetChildCollection
    {
    }
}
